namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// The bounds of the redundancy distance of RTP redundancy (RFC 2198): how many earlier packets each packet
/// repeats besides its own.
/// </summary>
public static class RedundancyDistance
{
    /// <summary>No redundancy: plain Opus packets.</summary>
    public const int Off = 0;

    /// <summary>The greatest distance supported; each step adds one more earlier packet to every packet.</summary>
    public const int Max = 2;
}
