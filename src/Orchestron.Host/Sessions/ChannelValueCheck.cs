namespace Orchestron.Host.Sessions;

/// <summary>
/// Lets through only values for control channels the session's CSD declares, within their declared range. A value
/// outside the range is refused, not clamped, so a client learns its control is mis-scaled.
/// </summary>
internal static class ChannelValueCheck
{
    /// <summary>Throws the client's error (404 unknown channel, 400 audio channel or out of range) unless the value may be set.</summary>
    public static void Check(IReadOnlyDictionary<string, DeclaredChannel> channels, string name, double value)
    {
        if (!channels.TryGetValue(name, out var channel))
        {
            var declared = channels.Count == 0 ? "none" : string.Join(", ", channels.Keys.Order(StringComparer.Ordinal));
            throw new SessionException(
                SessionProblem.NotFound,
                "Unknown channel",
                $"The session's Csound code declares no channel '{name}' (declared with chn_k, chn_a or chnexport: {declared}).");
        }

        if (channel.IsAudio)
        {
            throw SessionException.Invalid("Audio channel", $"'{name}' is an audio channel; only control channels take a value.");
        }

        if (value < channel.Min || value > channel.Max)
        {
            throw SessionException.Invalid(
                "Channel value out of range", $"'{name}' takes values from {channel.Min} to {channel.Max}; the value was {value}.");
        }
    }
}
