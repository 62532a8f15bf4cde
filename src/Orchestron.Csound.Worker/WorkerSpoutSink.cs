using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Csound.Worker;

/// <summary>
/// The worker's render side: each Csound <c>spout</c> block becomes 48 kHz stereo and goes into the shared ring,
/// the render thread sleeping while the ring holds its lead, so that the host's pacer alone sets the pace.
/// </summary>
internal sealed class WorkerSpoutSink(SharedAudioProducer producer) : ICsoundSpoutSink
{
    private readonly SpoutConverter _converter = new();

    public void OnStarted(CsoundAudioFormat format) => _converter.Configure(format);

    public void OnSpout(ReadOnlySpan<double> spout, CancellationToken cancellationToken) =>
        producer.WriteWhenReady(_converter.Convert(spout), cancellationToken);
}
