namespace Orchestron.WebRtc.Rtp;

/// <summary>Why an RTCP packet was refused. Every length is checked before it is used.</summary>
public enum RtcpParseError
{
    /// <summary>The packet is well formed.</summary>
    None,

    /// <summary>The data is empty or shorter than an RTCP header.</summary>
    TooShort,

    /// <summary>A header does not carry version 2.</summary>
    BadVersion,

    /// <summary>A header's length field runs past the end of the data.</summary>
    LengthOverrun,

    /// <summary>A padding count is zero or larger than its packet.</summary>
    BadPadding,

    /// <summary>An SR or RR holds fewer bytes than its report count needs.</summary>
    TruncatedReport,

    /// <summary>An SDES chunk or item runs past its packet.</summary>
    MalformedSourceDescription,

    /// <summary>A BYE lists more SSRCs, or a longer reason, than its packet holds.</summary>
    MalformedGoodbye,
}
