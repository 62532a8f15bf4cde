using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>The host's view of a <see cref="SharedAudioRegion"/>: the queue settings it was made for, and the queue the pacer reads.</summary>
internal static class SharedAudioQueue
{
    /// <summary>Creates the region file for <paramref name="options"/> (validated first).</summary>
    internal static SharedAudioRegion CreateRegion(string path, StreamingAudioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return SharedAudioRegion.Create(
            path, options.FrameSamplesPerChannel, options.QueueFramesMax, options.QueueFramesTarget, options.RenderLeadMs is null ? 0 : options.RenderLeadSamplesPerChannel);
    }

    /// <summary>The queue settings written in the region's header.</summary>
    internal static StreamingAudioOptions OptionsOf(SharedAudioRegion region) => new()
    {
        FrameMs = region.FrameSamplesPerChannel * 1000.0 / StreamingAudioOptions.OutputSampleRate,
        QueueFramesMax = region.QueueFramesMax,
        QueueFramesTarget = region.QueueFramesTarget,
        RenderLeadMs = region.RenderLeadSamplesPerChannel > 0 ? region.RenderLeadSamplesPerChannel * 1000.0 / StreamingAudioOptions.OutputSampleRate : null,
    };

    /// <summary>
    /// The queue's consumer end: a <see cref="QueueAudioTrack"/> reads it, counting underruns as for any queue, and
    /// each frame it takes wakes the producer in the worker.
    /// </summary>
    /// <param name="region">The mapping; it must outlive the queue.</param>
    /// <param name="metrics">Where drops, underruns and pacing are counted; the queue's own when null.</param>
    internal static unsafe AudioFrameQueue CreateConsumerQueue(SharedAudioRegion region, StreamingAudioMetrics? metrics = null)
    {
        var queue = new AudioFrameQueue(OptionsOf(region), metrics, _ => new SpscRing<float>(region.Storage()), new FutexFrameTakenSignal(region.FutexWord));

        // The worker's producer reads the lead in force from the region: a render window shut or opened by the pacer.
        queue.SetLeadMirror(lead => region.LeadNowFloats = lead);
        return queue;
    }
}
