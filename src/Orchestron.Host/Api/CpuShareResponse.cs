using Orchestron.Streaming.Engine;

namespace Orchestron.Host.Api;

/// <summary>A session's share of the render pool's CPU, in its audio statistics (in-process streaming sessions).</summary>
/// <param name="Share">The share of one core its rendering used over the last half second.</param>
/// <param name="Limit">The share of one core it may use now.</param>
/// <param name="Held">Whether it used up its share and waits for the next window; its note-ons get 429 meanwhile.</param>
/// <param name="HeldSeconds">How long it has been held without a break; it fails when this reaches the setting.</param>
/// <param name="FailureReason">Why the render pool failed it, once it has.</param>
public sealed record CpuShareResponse(double Share, double Limit, bool Held, double HeldSeconds, string? FailureReason)
{
    /// <summary>The response for what the render pool measured.</summary>
    public static CpuShareResponse From(SessionCpuShare share) =>
        new(Math.Round(share.Share, 4), Math.Round(share.Limit, 4), share.IsHeld, Math.Round(share.HeldFor.TotalSeconds, 2), share.FailureReason);
}
