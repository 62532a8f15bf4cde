namespace Orchestron.WebRtc.Srtp;

/// <summary>The outcome of unprotecting a received SRTP or SRTCP packet.</summary>
public enum SrtpUnprotectResult
{
    /// <summary>The packet authenticated, was fresh, and is now plaintext.</summary>
    Success,

    /// <summary>The packet is too short, not version 2, or its header runs past its end.</summary>
    Malformed,

    /// <summary>The authentication tag did not verify: the packet was altered or keyed differently.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received or is older than the 64-packet replay window.</summary>
    Replayed,

    /// <summary>The packet starts a new SSRC but the context already tracks its maximum number of streams.</summary>
    StreamLimitReached,
}
