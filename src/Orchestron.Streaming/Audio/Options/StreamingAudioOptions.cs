using System.Globalization;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// Settings of the streaming audio path: frame length and the depth of the frame queue between the
/// renderer and the pacer.
/// </summary>
/// <remarks>
/// The names keep the meaning of the original <c>VISUALCSOUND_WEBRTC_AUDIO_*</c> settings. Call
/// <see cref="Validate"/> (or register <see cref="StreamingAudioOptionsValidator"/> with
/// Microsoft.Extensions.Options) before use; every component that takes these options validates them.
/// </remarks>
public sealed class StreamingAudioOptions
{
    /// <summary>The sample rate of every frame the pacer sends, in Hz.</summary>
    public const int OutputSampleRate = 48000;

    /// <summary>The channel count of every frame the pacer sends (interleaved stereo).</summary>
    public const int OutputChannels = 2;

    /// <summary>The shortest accepted frame length, in milliseconds: 120 samples per channel, for a low-latency path.</summary>
    public const double ShortestFrameMs = 2.5;

    /// <summary>An accepted frame length, in milliseconds: 240 samples per channel.</summary>
    public const double FiveFrameMs = 5;

    /// <summary>An accepted frame length, in milliseconds: 480 samples per channel.</summary>
    public const int ShortFrameMs = 10;

    /// <summary>The longest accepted frame length, in milliseconds, and the default.</summary>
    public const int LongFrameMs = 20;

    /// <summary>The default <see cref="FrameMs"/>.</summary>
    public const double DefaultFrameMs = LongFrameMs;

    /// <summary>Every accepted <see cref="FrameMs"/>, shortest first: the frame durations Opus codes.</summary>
    public static IReadOnlyList<double> AcceptedFrameMs { get; } = [ShortestFrameMs, FiveFrameMs, ShortFrameMs, LongFrameMs];

    /// <summary>The smallest accepted <see cref="QueueFramesMax"/>.</summary>
    public const int MinQueueFramesMax = 1;

    /// <summary>The largest accepted <see cref="QueueFramesMax"/>: 500 frames are 5 to 10 seconds of audio, far past any useful latency.</summary>
    public const int MaxQueueFramesMax = 500;

    /// <summary>The default <see cref="QueueFramesMax"/>.</summary>
    public const int DefaultQueueFramesMax = 8;

    /// <summary>The smallest accepted <see cref="QueueFramesTarget"/>; the largest is <see cref="QueueFramesMax"/>.</summary>
    /// <remarks>
    /// The target is the lead a paced renderer keeps ahead of the pacer. With no lead the pacer would find the
    /// queue empty at every deadline and send silence, so 0 has no useful meaning and is refused rather than
    /// quietly read as 1.
    /// </remarks>
    public const int MinQueueFramesTarget = 1;

    /// <summary>The default <see cref="QueueFramesTarget"/>.</summary>
    public const int DefaultQueueFramesTarget = 3;

    /// <summary>The default <see cref="FlushOnConnect"/>.</summary>
    public const bool DefaultFlushOnConnect = true;

    /// <summary>The smallest accepted <see cref="StartupKeepFrames"/>; the largest is <see cref="QueueFramesMax"/>.</summary>
    public const int MinStartupKeepFrames = 0;

    /// <summary>The default <see cref="StartupKeepFrames"/>.</summary>
    public const int DefaultStartupKeepFrames = 1;

    /// <summary>
    /// Frame length in milliseconds: 2.5, 5, 10 or 20 (<see cref="AcceptedFrameMs"/>). Default 20.
    /// </summary>
    /// <remarks>
    /// The frame is the pacer's period and the Opus frame of the RTP track. Shorter frames cut latency (the lead, the
    /// wait for the next boundary and Opus's look-ahead all shrink with them) and cost more per second: more wake-ups,
    /// more packets and Opus's per-frame overhead.
    /// </remarks>
    public double FrameMs { get; set; } = DefaultFrameMs;

    /// <summary>Capacity of the frame queue, in frames (<see cref="MinQueueFramesMax"/> to <see cref="MaxQueueFramesMax"/>). Default 8.</summary>
    public int QueueFramesMax { get; set; } = DefaultQueueFramesMax;

    /// <summary>
    /// The depth the queue is kept at, in frames (<see cref="MinQueueFramesTarget"/> to <see cref="QueueFramesMax"/>). Default 3.
    /// </summary>
    /// <remarks>
    /// The renderer renders while fewer frames than this are queued and waits otherwise, so it is also
    /// the latency the queue adds. Frames queued beyond it are stale and dropped (counted).
    /// </remarks>
    public int QueueFramesTarget { get; set; } = DefaultQueueFramesTarget;

    /// <summary>The smallest accepted <see cref="RenderLeadMs"/>: a quarter millisecond (12 samples).</summary>
    public const double MinRenderLeadMs = 0.25;

    /// <summary>
    /// The render lead in milliseconds, in place of <see cref="QueueFramesTarget"/> whole frames; null (the default)
    /// keeps the lead in frames. From <see cref="MinRenderLeadMs"/> to <see cref="QueueFramesMax"/> frames less one, and
    /// it may be shorter than a frame: 2 ms at 5 ms frames.
    /// </summary>
    /// <remarks>
    /// A lead in whole frames lets the renderer make the next frame as soon as the pacer takes one, a whole period
    /// before it is sent. This lead is time: the pacer opens each frame's render window the lead before the frame is
    /// due (as well as keeping the whole frames the lead holds queued), and the renderer waits until then, so the
    /// audio leaves that long after it was rendered and a note played meanwhile is heard that much sooner. Csound
    /// must render a frame within the window: too short a lead for the instrument and the machine costs underruns.
    /// </remarks>
    public double? RenderLeadMs { get; set; }

    /// <summary>The render lead in samples per channel: <see cref="RenderLeadMs"/>, or <see cref="QueueFramesTarget"/> whole frames.</summary>
    public int RenderLeadSamplesPerChannel => RenderLeadMs is { } ms
        ? (int)Math.Round(OutputSampleRate / 1000.0 * ms)
        : QueueFramesTarget * FrameSamplesPerChannel;

    /// <summary>
    /// Whether the backlog is skipped when the first consumer connects, so that a new listener hears
    /// fresh audio rather than whatever was queued before. Default true.
    /// </summary>
    public bool FlushOnConnect { get; set; } = DefaultFlushOnConnect;

    /// <summary>
    /// How many queued frames a flush on connect keeps (<see cref="MinStartupKeepFrames"/> to <see cref="QueueFramesMax"/>). Default 1.
    /// </summary>
    public int StartupKeepFrames { get; set; } = DefaultStartupKeepFrames;

    /// <summary>Samples per channel in one frame at <see cref="OutputSampleRate"/>.</summary>
    public int FrameSamplesPerChannel => (int)Math.Round(OutputSampleRate / 1000.0 * FrameMs);

    /// <summary>Interleaved float samples in one frame (<see cref="FrameSamplesPerChannel"/> x 2).</summary>
    public int FrameLength => FrameSamplesPerChannel * OutputChannels;

    /// <summary>Throws when a setting is out of range; the message names the setting, its value and what is accepted.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid streaming audio options: " + string.Join(" ", errors.Select(e => e.Message)));
        }
    }

    /// <summary>Lists every invalid setting, each naming the setting, its value and what is accepted.</summary>
    /// <returns>An empty list when the options are valid.</returns>
    public IReadOnlyList<StreamingAudioOptionError> GetValidationErrors()
    {
        var errors = new List<StreamingAudioOptionError>();
        if (!AcceptedFrameMs.Contains(FrameMs))
        {
            errors.Add(new(nameof(FrameMs), string.Create(CultureInfo.InvariantCulture, $"{nameof(FrameMs)} is {FrameMs}; accepted values are 2.5, 5, 10 and 20.")));
        }

        if (QueueFramesMax is < MinQueueFramesMax or > MaxQueueFramesMax)
        {
            // The other depths are judged against the maximum, so an invalid maximum is the one error to fix first.
            errors.Add(new(nameof(QueueFramesMax), $"{nameof(QueueFramesMax)} is {QueueFramesMax}; accepted values are {MinQueueFramesMax} to {MaxQueueFramesMax}."));
            return errors;
        }

        if (QueueFramesTarget < MinQueueFramesTarget || QueueFramesTarget > QueueFramesMax)
        {
            errors.Add(new(nameof(QueueFramesTarget), $"{nameof(QueueFramesTarget)} is {QueueFramesTarget}; accepted values are {MinQueueFramesTarget} to {nameof(QueueFramesMax)} ({QueueFramesMax})."));
        }

        if (RenderLeadMs is { } lead && (!double.IsFinite(lead) || lead < MinRenderLeadMs || lead > (QueueFramesMax - 1) * FrameMs))
        {
            errors.Add(new(nameof(RenderLeadMs), string.Create(CultureInfo.InvariantCulture,
                $"{nameof(RenderLeadMs)} is {lead}; accepted values are {MinRenderLeadMs} ms to {nameof(QueueFramesMax)} ({QueueFramesMax}) frames less one ({(QueueFramesMax - 1) * FrameMs} ms at {FrameMs} ms frames), or none to keep the lead in frames.")));
        }

        if (StartupKeepFrames < MinStartupKeepFrames || StartupKeepFrames > QueueFramesMax)
        {
            errors.Add(new(nameof(StartupKeepFrames), $"{nameof(StartupKeepFrames)} is {StartupKeepFrames}; accepted values are {MinStartupKeepFrames} to {nameof(QueueFramesMax)} ({QueueFramesMax})."));
        }

        return errors;
    }

    /// <summary>A copy that later changes to this instance do not affect.</summary>
    /// <returns>A new instance with the same values.</returns>
    public StreamingAudioOptions Clone() => (StreamingAudioOptions)MemberwiseClone();
}
