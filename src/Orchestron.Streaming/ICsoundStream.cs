using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Streaming;

/// <summary>
/// One Csound performance and the way its audio leaves: wherever its Csound runs (in this process or in a
/// sandboxed worker), the same members start and stop it, play it (MIDI, control channels, panic), let listeners
/// join it and read its counters. <see cref="ICsoundStreamFactory"/> makes one from CSD text.
/// </summary>
/// <remarks>
/// <para>
/// Its life is one run: compiled (made by the factory), started once, stopped once. To play the same code again,
/// make another. Playing calls (<see cref="TrySendMidi"/>, <see cref="SetControlChannel"/>, <see cref="Panic"/>)
/// are thread-safe and never wait for a start or a stop; one that meets a stream being stopped throws
/// <see cref="InvalidOperationException"/> or <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>Implemented by <see cref="CsoundWebRtcStream"/>, <see cref="Sandbox.SandboxedCsoundStream"/> and <see cref="CsoundDevicePerformance"/>.</para>
/// </remarks>
public interface ICsoundStream : IAsyncDisposable
{
    /// <summary>Where its Csound runs.</summary>
    CsoundIsolation Isolation { get; }

    /// <summary>
    /// The WebRTC sender its listeners and forwards are served by: made when the stream starts, so null before that,
    /// and always null for a performance that plays on the machine's audio device.
    /// </summary>
    WebRtcAudioSender? Sender { get; }

    /// <summary>The pipeline's counters (underruns, drops, queue depth, pacing error); zero before the start and on a device.</summary>
    StreamingAudioStatistics AudioStatistics { get; }

    /// <summary>
    /// What the render pool measured of the stream's CPU use and the share it is held to, while an in-process stream
    /// renders there; null otherwise (a sandboxed worker's CPU is bounded by its watchdog, a device's by Csound).
    /// </summary>
    SessionCpuShare? CpuShare { get; }

    /// <summary>Completes when the performance ends: the score finished, it was stopped, or Csound (or its worker) failed.</summary>
    Task<CsoundPerformanceResult> Completion { get; }

    /// <summary>Starts Csound and the pacer that takes its frames; once.</summary>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <exception cref="InvalidOperationException">It has already been started.</exception>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the performance and releases everything it holds (listeners get their BYE). A render that does not
    /// return within <paramref name="timeout"/> is abandoned (its parts are released when it returns) and a sandboxed
    /// worker is killed; the stream is finished either way.
    /// </summary>
    /// <param name="timeout">How long the stop may wait for the render to return.</param>
    /// <returns>True when everything stopped within the timeout.</returns>
    Task<bool> StopAsync(TimeSpan timeout);

    /// <summary>Queues a MIDI message, to sound <paramref name="delay"/> after it reaches Csound.</summary>
    /// <returns>False when too many messages wait already.</returns>
    bool TrySendMidi(byte status, byte data1, byte data2, TimeSpan delay = default);

    /// <summary>Sets a control channel.</summary>
    void SetControlChannel(string name, double value);

    /// <summary>Turns every sounding note off before the next control period.</summary>
    void Panic();

    /// <summary>Accepts a browser's offer; see <see cref="WebRtcAudioSender.AcceptOffer"/>.</summary>
    /// <exception cref="InvalidOperationException">The stream has not started or has no sender.</exception>
    WebRtcAnswer AcceptOffer(string offerSdp);

    /// <summary>
    /// Starts forwarding the encoded stream as RTP (see <see cref="WebRtcAudioSender.AddForward"/>); the sender joins
    /// the pacer at once, so the forward carries audio whether or not anyone listens directly.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream has not started or has no sender.</exception>
    RtpForward AddForward(RtpForwardOptions options);

    /// <summary>Stops a forward made by <see cref="AddForward"/>; the sender leaves the pacer if nothing else needs it.</summary>
    /// <returns>False when it had already been removed.</returns>
    bool RemoveForward(RtpForward forward);
}
