namespace Orchestron.Csound;

/// <summary>Where a <see cref="CsoundPerformer"/> sends the audio and so what paces it.</summary>
public enum CsoundPerformanceMode
{
    /// <summary>
    /// Csound plays to the realtime audio device itself (<c>-odac</c> through an rtaudio module such as
    /// <c>jack</c> or <c>pulse</c>); the device's blocking writes pace the performance.
    /// </summary>
    Local,

    /// <summary>
    /// Csound runs headless (<c>-n</c>) and each <c>spout</c> block goes to an <see cref="ICsoundSpoutSink"/>,
    /// which paces the performance by blocking when it has no room.
    /// </summary>
    Streaming,
}
