using System.Globalization;

namespace Orchestron.Host.Configuration;

/// <summary>
/// The settings that keep one client from crowding out the others: a share of the session cap per client, an
/// expiry for sessions never started, a note-on rate per session, and bounds on listeners still connecting.
/// </summary>
public static class FairShareSettings
{
    /// <summary>The value of the per-client setting that gives each client half the session cap.</summary>
    public const string HalfTheCap = "auto";

    /// <summary>Seconds a created session may wait for its first start unless configured.</summary>
    public const int DefaultUnstartedSeconds = 60;

    /// <summary>The shortest wait for a first start accepted: time for a page to load and a person to press play.</summary>
    public const int MinUnstartedSeconds = 5;

    /// <summary>The longest wait for a first start accepted: one day.</summary>
    public const int MaxUnstartedSeconds = 86_400;

    /// <summary>
    /// Note-ons per second per session unless configured: a fast glissando on a keyboard is about 30 a second,
    /// and both hands' chords together stay below this.
    /// </summary>
    public const int DefaultNoteOnsPerSecond = 60;

    /// <summary>The highest note-on rate accepted.</summary>
    public const int MaxNoteOnsPerSecond = 10_000;

    /// <summary>Offers per address and session that may be connecting at once unless configured.</summary>
    public const int DefaultPendingListenersPerAddress = 2;

    /// <summary>Seconds an answered offer has to complete ICE and DTLS unless configured; TURN over TCP needs a few.</summary>
    public const int DefaultListenerConnectSeconds = 10;

    /// <summary>The longest connect time accepted: consent freshness drops a silent peer after 30 s anyway.</summary>
    public const int MaxListenerConnectSeconds = 30;

    /// <summary>The most sessions one client keeps at once.</summary>
    public static readonly SettingDefinition MaxSessionsPerClient = new(
        "VISUALCSOUND_MAX_SESSIONS_PER_CLIENT", "--max-sessions-per-client", "MaxSessionsPerClient",
        $"{HalfTheCap} (half the session cap, at least 1), or an integer from 1 to the session cap", HalfTheCap,
        "The most sessions one client keeps at once, created or running. A client is its address (an IPv6 /64), or "
        + "whoever holds the operator token; a create past its share gets 429.");

    /// <summary>How long a created session may wait for its first start.</summary>
    public static readonly SettingDefinition SessionUnstartedSeconds = new(
        "VISUALCSOUND_SESSION_UNSTARTED_SECONDS", "--session-unstarted-seconds", "SessionUnstartedSeconds",
        $"an integer from {Text(MinUnstartedSeconds)} to {Text(MaxUnstartedSeconds)}", Text(DefaultUnstartedSeconds),
        "A session created but never started is deleted after this many seconds, and every start gives a session "
        + "this long to get its first listener before the idle time counts.");

    /// <summary>Note-ons per second per session.</summary>
    public static readonly SettingDefinition NoteOnsPerSecond = new(
        "VISUALCSOUND_MAX_NOTE_ONS_PER_SECOND", "--max-note-ons-per-second", "MaxNoteOnsPerSecond",
        $"an integer from 0 to {Text(MaxNoteOnsPerSecond)} (0 turns the limit off)", Text(DefaultNoteOnsPerSecond),
        "MIDI note-ons one session accepts per second (a one-second burst, refilled evenly); more get 429, and the "
        + "session's audio statistics count them.");

    /// <summary>Connecting listeners per address and session.</summary>
    public static readonly SettingDefinition PendingListenersPerAddress = new(
        "VISUALCSOUND_MAX_PENDING_LISTENERS_PER_ADDRESS", "--max-pending-listeners-per-address", "MaxPendingListenersPerAddress",
        "an integer from 1 to 1000", Text(DefaultPendingListenersPerAddress),
        "Offers from one address that may be completing ICE and DTLS on one session at once; more get 429.");

    /// <summary>How long an answered offer has to connect.</summary>
    public static readonly SettingDefinition ListenerConnectSeconds = new(
        "VISUALCSOUND_LISTENER_CONNECT_SECONDS", "--listener-connect-seconds", "ListenerConnectSeconds",
        $"an integer from 1 to {Text(MaxListenerConnectSeconds)}", Text(DefaultListenerConnectSeconds),
        "A listener that has not completed ICE and DTLS this many seconds after its answer is dropped, and gives its place up sooner to another address's offer when the session is full.");

    /// <summary>The fair-share settings, in the order help lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
        [MaxSessionsPerClient, SessionUnstartedSeconds, NoteOnsPerSecond, PendingListenersPerAddress, ListenerConnectSeconds];

    /// <summary>Reads the fair-share settings; a share beyond the session cap is added to the reader's problems.</summary>
    internal static FairShareOptions Read(SettingReader reader, int maxSessions)
    {
        int? perClient = null;
        if (reader.Raw(MaxSessionsPerClient) is { } raw && !string.Equals(raw.Value.Trim(), HalfTheCap, StringComparison.OrdinalIgnoreCase))
        {
            perClient = reader.Integer(MaxSessionsPerClient, maxSessions, 1, SessionLimits.MaxMaxSessions);
            if (perClient > maxSessions)
            {
                reader.Problems.Add(raw.Invalid($"it is more than the session cap ({OrchestronSettings.MaxSessions.EnvironmentVariable} = {Text(maxSessions)})"));
            }
        }

        return new FairShareOptions(
            perClient,
            TimeSpan.FromSeconds(reader.Integer(SessionUnstartedSeconds, DefaultUnstartedSeconds, MinUnstartedSeconds, MaxUnstartedSeconds)),
            reader.Integer(NoteOnsPerSecond, DefaultNoteOnsPerSecond, 0, MaxNoteOnsPerSecond),
            reader.Integer(PendingListenersPerAddress, DefaultPendingListenersPerAddress, 1, 1000),
            TimeSpan.FromSeconds(reader.Integer(ListenerConnectSeconds, DefaultListenerConnectSeconds, 1, MaxListenerConnectSeconds)));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
