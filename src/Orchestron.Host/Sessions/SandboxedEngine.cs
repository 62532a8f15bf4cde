using Orchestron.Csound;
using Orchestron.Host.Configuration;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Csound in a sandboxed worker process: compiled there at creation, streamed through the shared ring to the
/// host's pacer. A worker that crashes, hangs or misbehaves is killed and fails this session alone.
/// </summary>
internal sealed class SandboxedEngine(
    SandboxedCsoundWorker worker, CsoundSandboxOptions options, UdpMediaTransport transport, WebRtcAudioSenderOptions? senderOptions, ILoggerFactory loggerFactory)
    : SessionEngine
{
    private SandboxedCsoundStream? _stream;

    /// <summary>The worker process this session's Csound runs in.</summary>
    public SandboxedCsoundWorker Worker => worker;

    public override SessionIsolation Isolation => SessionIsolation.Sandbox;

    public override WebRtcAudioSender? Sender => _stream?.Sender;

    public override StreamingAudioStatistics? AudioStatistics => _stream?.AudioStatistics;

    public override async Task<Task<CsoundPerformanceResult>> StartAsync()
    {
        _stream = await SandboxedCsoundStream.StartAsync(worker, options, transport, senderOptions, loggerFactory).ConfigureAwait(false);
        return _stream.Completion;
    }

    // False when the messages waiting for the worker fill their bounded queue: the API answers "MIDI queue full".
    public override bool TrySendMidi(MidiEvent midi) => worker.TrySendMidi(midi.Status, midi.Data1, midi.Data2, midi.Delay);

    public override void SetChannel(string name, double value) => worker.SetControlChannel(name, value);

    public override void Panic() => worker.Panic();

    public override WebRtcAnswer AcceptOffer(string offerSdp) =>
        (_stream ?? throw new InvalidOperationException("The session is not running.")).AcceptOffer(offerSdp);

    public override RtpForward AddForward(RtpForwardOptions options) =>
        (_stream ?? throw new InvalidOperationException("The session is not streaming.")).AddForward(options);

    public override bool RemoveForward(RtpForward forward) => _stream?.RemoveForward(forward) ?? false;

    public override async Task<bool> ReleaseAsync(TimeSpan timeout, TimeProvider time, ILogger logger, string sessionId)
    {
        // The worker's stop is bounded by the sandbox's stop timeout (then SIGKILL), so this never waits on it longer.
        var exitedByItself = _stream is null ? await worker.StopAsync().ConfigureAwait(false) : await _stream.StopAsync().ConfigureAwait(false);
        if (!exitedByItself)
        {
            logger.LogWarning("Session {Session}: its Csound worker did not stop within {Timeout} ms and was killed", sessionId, timeout.TotalMilliseconds);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        return exitedByItself;
    }
}
