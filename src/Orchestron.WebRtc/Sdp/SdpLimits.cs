namespace Orchestron.WebRtc.Sdp;

/// <summary>Bounds the parser enforces, so hostile offers cost little to reject.</summary>
public static class SdpLimits
{
    /// <summary>The largest offer accepted, in UTF-16 characters (64 KiB).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The most lines an offer may have.</summary>
    public const int MaxLines = 4096;

    /// <summary>The longest line accepted.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>The most media sections an offer may have.</summary>
    public const int MaxMediaSections = 64;

    /// <summary>The most candidates one media section may list.</summary>
    public const int MaxCandidatesPerMedia = 64;

    /// <summary>The most a=rtpmap lines one media section may have.</summary>
    public const int MaxRtpMapsPerMedia = 128;
}
