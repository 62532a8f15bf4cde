namespace Orchestron.WebRtc.Sdp;

/// <summary>One a=rtpmap: payload type, encoding name, clock rate and channel count.</summary>
/// <param name="PayloadType">Dynamic or static payload type, 0 to 127.</param>
/// <param name="EncodingName">e.g. "opus" (case as written).</param>
/// <param name="ClockRate">e.g. 48000.</param>
/// <param name="Channels">The encoding parameter; 1 when absent.</param>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels)
{
    /// <summary>Whether this is RTP redundancy for a 48 kHz stereo codec (red/48000/2, RFC 2198), as browsers offer it with Opus.</summary>
    public bool IsRed => string.Equals(EncodingName, "red", StringComparison.OrdinalIgnoreCase) && ClockRate == 48000 && Channels == 2;

    /// <summary>Whether this is Opus as WebRTC declares it (opus/48000/2).</summary>
    public bool IsOpus => string.Equals(EncodingName, "opus", StringComparison.OrdinalIgnoreCase) && ClockRate == 48000 && Channels == 2;

    /// <inheritdoc/>
    public override string ToString() => Channels == 1 ? $"{EncodingName}/{ClockRate}" : $"{EncodingName}/{ClockRate}/{Channels}";
}
