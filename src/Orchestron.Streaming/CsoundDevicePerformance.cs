using Microsoft.Extensions.Logging;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Streaming;

/// <summary>
/// A Csound instance in this process that plays on the machine's own audio device (the instance's <c>-odac</c>
/// output): the device is the clock, and nothing goes to WebRTC, so it has no sender and takes no listener.
/// </summary>
/// <remarks>What <see cref="ICsoundStreamFactory"/> makes when <see cref="DependencyInjection.CsoundStreamOutput.Device"/> is configured.</remarks>
public sealed class CsoundDevicePerformance : ICsoundStream
{
    private readonly ILogger _logger;
    private int _started;
    private int _disposed;

    /// <summary>A performance of a compiled instance, not yet started; it owns the instance.</summary>
    /// <param name="instance">A compiled instance whose options send its output to a realtime device.</param>
    /// <param name="loggerFactory">Where the performer's diagnostics go.</param>
    public CsoundDevicePerformance(CsoundInstance instance, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Instance = instance;
        _logger = loggerFactory.CreateLogger<CsoundDevicePerformance>();
        Performer = new CsoundPerformer(
            instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local }, logger: loggerFactory.CreateLogger<CsoundPerformer>());
    }

    /// <inheritdoc/>
    public CsoundIsolation Isolation => CsoundIsolation.InProcess;

    /// <summary>The instance being played.</summary>
    public CsoundInstance Instance { get; }

    /// <summary>The performer, on a thread of its own.</summary>
    public CsoundPerformer Performer { get; }

    /// <summary>Always null: a device performance sends nothing over WebRTC.</summary>
    public WebRtcAudioSender? Sender => null;

    /// <summary>Always zero: the device, not a pacer, takes the audio.</summary>
    public StreamingAudioStatistics AudioStatistics => default;

    /// <summary>Always null: the device's callback, not the render pool, runs this performance.</summary>
    public SessionCpuShare? CpuShare => null;

    /// <inheritdoc/>
    public Task<CsoundPerformanceResult> Completion => Performer.Completion;

    /// <summary>Starts the performer's thread, which starts Csound and writes to the device.</summary>
    /// <param name="cancellationToken">Not used: the start does not wait.</param>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The performance has already been started; make another to play again.");
        }

        Performer.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public bool TrySendMidi(byte status, byte data1, byte data2, TimeSpan delay = default) => Instance.TrySendMidi(status, data1, data2, delay);

    /// <inheritdoc/>
    public void SetControlChannel(string name, double value) => Instance.SetControlChannel(name, value);

    /// <summary>Turns every sounding note off, on the performer's thread.</summary>
    public void Panic() => Performer.Post(static running => running.Panic());

    /// <summary>Refused: the audio plays on the device.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public WebRtcAnswer AcceptOffer(string offerSdp) => throw NotStreamed();

    /// <summary>Refused: the audio plays on the device.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public RtpForward AddForward(RtpForwardOptions options) => throw NotStreamed();

    /// <summary>False: a device performance has no forwards.</summary>
    public bool RemoveForward(RtpForward forward) => false;

    /// <summary>Stops as <see cref="DisposeAsync"/> does, waiting at most <paramref name="timeout"/> for the render.</summary>
    public Task<bool> StopAsync(TimeSpan timeout) => BoundedStop.WaitAsync(DisposeAsync().AsTask(), timeout, static () => { }, _logger);

    /// <summary>Stops the performer, then frees the instance.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Performer.DisposeAsync().ConfigureAwait(false);
        Instance.Dispose();
    }

    private static InvalidOperationException NotStreamed() => new("This performance plays on the machine's audio device, not over WebRTC.");
}
