namespace Orchestron.Streaming.Engine;

/// <summary>What the render pool measured of one session's CPU use, and whether it holds the session to its share.</summary>
/// <param name="Share">The share of one core the session's rendering used over the last measuring window (half a second).</param>
/// <param name="Limit">The share of one core the session may use now.</param>
/// <param name="HeldFor">How long the session has been held to its share without a break; zero when it is within it.</param>
/// <param name="FailureReason">Why the pool failed the session for its CPU use; null while it has not.</param>
public readonly record struct SessionCpuShare(double Share, double Limit, TimeSpan HeldFor, string? FailureReason)
{
    /// <summary>Whether the session used up its share in the current or last window and waits for the next.</summary>
    public bool IsHeld => HeldFor > TimeSpan.Zero;
}
