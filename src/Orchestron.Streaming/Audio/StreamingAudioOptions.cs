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

    /// <summary>Frame length in milliseconds: 10 or 20. Default 20.</summary>
    public int FrameMs { get; set; } = 20;

    /// <summary>Capacity of the frame queue, in frames (at least 1). Default 8.</summary>
    public int QueueFramesMax { get; set; } = 8;

    /// <summary>
    /// The depth the queue is kept at, in frames (0 to <see cref="QueueFramesMax"/>). Default 3.
    /// </summary>
    /// <remarks>
    /// The renderer renders while fewer frames than this are queued and waits otherwise, so it is also
    /// the latency the queue adds. Frames queued beyond it are stale and dropped (counted). 0 means no
    /// trimming below <see cref="QueueFramesMax"/>; the renderer then keeps a lead of one frame.
    /// </remarks>
    public int QueueFramesTarget { get; set; } = 3;

    /// <summary>
    /// Whether the backlog is skipped when the first consumer connects, so that a new listener hears
    /// fresh audio rather than whatever was queued before. Default true.
    /// </summary>
    public bool FlushOnConnect { get; set; } = true;

    /// <summary>
    /// How many queued frames a flush on connect keeps (0 to <see cref="QueueFramesMax"/>). Default 1.
    /// </summary>
    public int StartupKeepFrames { get; set; } = 1;

    /// <summary>Samples per channel in one frame at <see cref="OutputSampleRate"/>.</summary>
    public int FrameSamplesPerChannel => OutputSampleRate / 1000 * FrameMs;

    /// <summary>Interleaved float samples in one frame (<see cref="FrameSamplesPerChannel"/> x 2).</summary>
    public int FrameLength => FrameSamplesPerChannel * OutputChannels;

    /// <summary>Throws when a setting is out of range; the message names the setting, its value and what is accepted.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid streaming audio options: " + string.Join(" ", errors));
        }
    }

    /// <summary>Lists every invalid setting, each as a message naming the setting, its value and what is accepted.</summary>
    /// <returns>An empty list when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (FrameMs is not (10 or 20))
        {
            errors.Add($"{nameof(FrameMs)} is {FrameMs}; accepted values are 10 and 20.");
        }

        if (QueueFramesMax < 1)
        {
            errors.Add($"{nameof(QueueFramesMax)} is {QueueFramesMax}; it must be at least 1.");
        }

        if (QueueFramesTarget < 0 || QueueFramesTarget > QueueFramesMax)
        {
            errors.Add($"{nameof(QueueFramesTarget)} is {QueueFramesTarget}; it must be between 0 and {nameof(QueueFramesMax)} ({QueueFramesMax}).");
        }

        if (StartupKeepFrames < 0 || StartupKeepFrames > QueueFramesMax)
        {
            errors.Add($"{nameof(StartupKeepFrames)} is {StartupKeepFrames}; it must be between 0 and {nameof(QueueFramesMax)} ({QueueFramesMax}).");
        }

        return errors;
    }

    /// <summary>A copy that later changes to this instance do not affect.</summary>
    /// <returns>A new instance with the same values.</returns>
    public StreamingAudioOptions Clone() => (StreamingAudioOptions)MemberwiseClone();
}
