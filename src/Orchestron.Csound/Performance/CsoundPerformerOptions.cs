namespace Orchestron.Csound;

/// <summary>How a <see cref="CsoundPerformer"/> runs its instance.</summary>
public sealed class CsoundPerformerOptions
{
    /// <summary>Local (Csound plays to the audio device) or streaming (blocks go to a sink). Default streaming.</summary>
    public CsoundPerformanceMode Mode { get; set; } = CsoundPerformanceMode.Streaming;

    /// <summary>Name of the performer thread, as debuggers and profilers show it.</summary>
    public string ThreadName { get; set; } = "Csound performer";

    /// <summary>Priority of the performer thread; audio deserves more than the default.</summary>
    public ThreadPriority ThreadPriority { get; set; } = ThreadPriority.AboveNormal;

    /// <summary>
    /// Call <see cref="CsoundInstance.Cleanup"/> when the performance ends, which closes the audio device
    /// and output files (default true). The instance can then be reset and reused, or disposed.
    /// </summary>
    public bool CleanupWhenDone { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is invalid.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "The mode is Local or Streaming.");
        }

        if (string.IsNullOrWhiteSpace(ThreadName))
        {
            throw new ArgumentException("The performer thread needs a name.", nameof(ThreadName));
        }

        if (!Enum.IsDefined(ThreadPriority))
        {
            throw new ArgumentOutOfRangeException(nameof(ThreadPriority), ThreadPriority, "Not a thread priority.");
        }
    }
}
