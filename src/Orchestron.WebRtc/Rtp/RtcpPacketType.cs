namespace Orchestron.WebRtc.Rtp;

/// <summary>RTCP packet types (RFC 3550 section 12.1, RFC 4585).</summary>
public static class RtcpPacketType
{
    /// <summary>SR: sender report.</summary>
    public const byte SenderReport = 200;

    /// <summary>RR: receiver report.</summary>
    public const byte ReceiverReport = 201;

    /// <summary>SDES: source description.</summary>
    public const byte SourceDescription = 202;

    /// <summary>BYE: goodbye.</summary>
    public const byte Goodbye = 203;

    /// <summary>APP: application-defined.</summary>
    public const byte Application = 204;

    /// <summary>RTPFB: transport-layer feedback (RFC 4585).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>PSFB: payload-specific feedback (RFC 4585).</summary>
    public const byte PayloadFeedback = 206;
}
