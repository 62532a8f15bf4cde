using Orchestron.Csound;
using Orchestron.Streaming;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Takes a session's running parts (stream, local performer, instance) and releases them within a time limit.
/// </summary>
/// <remarks>
/// A render that is inside a native call (a CSD that blocks in <c>system_i</c>, say) cannot be interrupted. Rather
/// than wait for it, the release gives up after the timeout: the listeners are closed at once (each gets its
/// BYE), and the rest (the performer thread, the pacer, the buffers, the instance) is released when the render
/// returns. The render thread holds its own reference on the native handle, so freeing the instance early
/// cannot pull the engine from under it.
/// </remarks>
internal static class SessionResources
{
    /// <summary>Releases the session's parts; false when the render did not return within <paramref name="timeout"/>.</summary>
    public static async Task<bool> ReleaseAsync(HostSession session, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        var stream = session.Stream;
        var performer = session.LocalPerformer;
        var instance = session.Instance;
        session.Stream = null;
        session.LocalPerformer = null;
        session.Instance = null;

        var stopping = StopAsync(stream, performer);
        try
        {
            await stopping.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            stream?.Sender.Dispose();
            _ = stopping.ContinueWith(
                done =>
                {
                    instance?.Dispose();
                    logger.LogInformation("Session {Session}: its render returned after the stop gave up on it; its resources are released", session.Id);
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            return false;
        }

        instance?.Dispose();
        return true;
    }

    private static async Task StopAsync(CsoundWebRtcStream? stream, CsoundPerformer? performer)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        if (performer is not null)
        {
            await performer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
