namespace Orchestron.WebRtc.Ice;

/// <summary>What a datagram on the shared UDP port carries, by its first byte (RFC 7983).</summary>
public enum DatagramKind
{
    /// <summary>Empty or in a range no supported protocol uses.</summary>
    Unknown,

    /// <summary>STUN (first byte 0 to 3).</summary>
    Stun,

    /// <summary>DTLS (first byte 20 to 63).</summary>
    Dtls,

    /// <summary>RTP or RTCP (first byte 128 to 191).</summary>
    Rtp,
}
