namespace Orchestron.Streaming.Audio;

/// <summary>What a <see cref="PacerScheduler"/> paces: one stream with a frame due every period.</summary>
internal interface IPacedStream
{
    /// <summary>The frame period in 48 kHz samples per channel (120, 240, 480 or 960 for 2.5, 5, 10 or 20 ms).</summary>
    int FrameSamplesPerChannel { get; }

    /// <summary>
    /// On the scheduler thread: the stream's next frame is due and was reached <paramref name="latenessTicks"/> late.
    /// </summary>
    /// <returns>
    /// How many frame periods this call took care of (at least 1): the next call is due that many periods on. A
    /// stream nobody hears may take several frames at once, so that it wakes the scheduler less often.
    /// </returns>
    int OnFrameDue(long latenessTicks);

    /// <summary>On the scheduler thread: the schedule was more than a second behind and moved forward instead of bursting.</summary>
    void OnReanchored(long latenessTicks);

    /// <summary>
    /// Samples per channel before each frame is due at which the scheduler calls <see cref="OnRenderWindowOpen"/>;
    /// 0 for none. Read once, when the stream joins.
    /// </summary>
    int RenderWindowSamples { get; }

    /// <summary>On the scheduler thread: <see cref="RenderWindowSamples"/> before the next frame is due.</summary>
    void OnRenderWindowOpen();
}
