namespace Orchestron.WebRtc.Sctp;

/// <summary>What the receive queue made of one DATA chunk.</summary>
internal enum SctpReceiveResult
{
    /// <summary>Stored (and possibly delivered).</summary>
    Accepted,

    /// <summary>Already received; reported back as a duplicate.</summary>
    Duplicate,

    /// <summary>Beyond the receive window; dropped, the peer sends it again.</summary>
    OutOfWindow,

    /// <summary>The chunk or its message breaks the limits we announced; the association must end.</summary>
    Violation,
}
