namespace Orchestron.WebRtc.LowLatency;

/// <summary>The counters of a session's low-latency audio path.</summary>
/// <param name="Channels">Listeners' channels the path feeds now.</param>
/// <param name="FramesEncoded">Opus frames encoded (once per session, whatever the number of channels).</param>
/// <param name="PacketsSent">Packets handed to channels, summed over channels.</param>
/// <param name="PacketsNotSent">Packets a channel refused (closing, or its send queue full).</param>
/// <param name="EncodeErrors">Frames Opus failed to encode.</param>
/// <param name="PingsAnswered">Pings from listeners answered with a pong.</param>
/// <param name="MessagesIgnored">Messages from listeners that were not a ping, or pings beyond the rate limit.</param>
public readonly record struct LowLatencyAudioStatistics(
    int Channels, long FramesEncoded, long PacketsSent, long PacketsNotSent, long EncodeErrors, long PingsAnswered, long MessagesIgnored);
