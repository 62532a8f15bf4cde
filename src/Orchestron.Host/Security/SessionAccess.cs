namespace Orchestron.Host.Security;

/// <summary>
/// What a presented token lets its holder do with one session. The values are ordered: each allows everything
/// the ones before it allow, so a requirement is met by any access at least as high.
/// </summary>
public enum SessionAccess
{
    /// <summary>Nothing: no token, a wrong token, or no such session.</summary>
    None,

    /// <summary>Negotiate and leave audio, read the session's state and its pipeline counters.</summary>
    Listen,

    /// <summary>Everything: start, stop, delete, panic, MIDI, channels, statistics, and listening.</summary>
    Control,
}
