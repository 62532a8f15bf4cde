using Orchestron.Csound;
using Orchestron.Host.Configuration;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Host.Sessions;

/// <summary>Csound in the host's process: to the device in local mode, to the shared engine's render pool in streaming mode.</summary>
/// <remarks>
/// A render that is inside a native call (a CSD that blocks in <c>system_i</c>, say) cannot be interrupted. Rather
/// than wait for it, the release gives up after the timeout: the listeners are closed at once (each gets its
/// BYE), and the rest (the performer thread, the pacer, the buffers, the instance) is released when the render
/// returns. The render thread holds its own reference on the native handle, so freeing the instance early
/// cannot pull the engine from under it.
/// </remarks>
internal sealed class InProcessEngine(CsoundInstance instance, Func<CsoundInstance, CsoundWebRtcStream>? startStream, Func<CsoundInstance, CsoundPerformer> startLocal)
    : SessionEngine
{
    private CsoundWebRtcStream? _stream;
    private CsoundPerformer? _localPerformer;

    /// <summary>The compiled or running instance.</summary>
    public CsoundInstance Instance => instance;

    public override SessionIsolation Isolation => SessionIsolation.InProcess;

    public override WebRtcAudioSender? Sender => _stream?.Sender;

    public override StreamingAudioStatistics? AudioStatistics => _stream?.AudioStatistics;

    public override SessionCpuShare? CpuShare =>
        _stream is { } stream && StreamingEngine.Shared.TryGetCpuShare(stream.Performer, out var share) ? share : null;

    public override async Task<Task<CsoundPerformanceResult>> StartAsync()
    {
        if (startStream is not null)
        {
            // Csound's start (the orchestra's global code, its tables) on the setup lane, below the render workers'
            // priority, rather than on a render worker in the middle of other sessions' periods. The stream starts
            // here: threads it may start (the engine's, the transport's) must not inherit the lane's niceness.
            await SetupLane.Shared.RunAsync(instance.Start).ConfigureAwait(false);
            _stream = startStream(instance);
            return _stream.Completion;
        }

        _localPerformer = startLocal(instance);
        return _localPerformer.Completion;
    }

    public override bool TrySendMidi(MidiEvent midi) => instance.TrySendMidi(midi.Status, midi.Data1, midi.Data2, midi.Delay);

    public override void SetChannel(string name, double value) => instance.SetControlChannel(name, value);

    public override void Panic()
    {
        // On the render thread: there its call per instrument number takes Csound's API lock without competing with the render.
        var performer = _stream?.Performer ?? _localPerformer ?? throw new InvalidOperationException("No performer.");
        performer.Post(static running => running.Panic());
    }

    public override WebRtcAnswer AcceptOffer(string offerSdp) =>
        (_stream ?? throw new InvalidOperationException("The session does not stream.")).AcceptOffer(offerSdp);

    public override RtpForward AddForward(RtpForwardOptions options) =>
        (_stream ?? throw new InvalidOperationException("The session is not streaming.")).AddForward(options);

    public override bool RemoveForward(RtpForward forward) => _stream?.RemoveForward(forward) ?? false;

    public override async Task<bool> ReleaseAsync(TimeSpan timeout, TimeProvider time, ILogger logger, string sessionId)
    {
        var stream = _stream;
        var performer = _localPerformer;
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
                    instance.Dispose();
                    logger.LogInformation("Session {Session}: its render returned after the stop gave up on it; its resources are released", sessionId);
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            return false;
        }

        instance.Dispose();
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
