using Microsoft.Extensions.Logging;

namespace Orchestron.Streaming;

/// <summary>
/// A stop that waits at most a given time for Csound's render to return. A render inside a native call (a CSD that
/// blocks in <c>system_i</c>, say) cannot be interrupted: rather than wait for it, the stop gives up, closes what
/// must close now, and lets the rest be released when the render returns.
/// </summary>
internal static class BoundedStop
{
    /// <summary>Waits for <paramref name="stopping"/>; on timeout runs <paramref name="giveUp"/> and returns false.</summary>
    public static async Task<bool> WaitAsync(Task stopping, TimeSpan timeout, Action giveUp, ILogger logger)
    {
        try
        {
            await stopping.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            giveUp();
            _ = stopping.ContinueWith(
                _ => logger.LogInformation("A render returned after its stop gave up on it; its resources are released"),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            return false;
        }
    }
}
