namespace Orchestron.Csound;

/// <summary>
/// Receives each block of audio that a streaming performer renders, on the performer's thread.
/// </summary>
/// <remarks>
/// The performer calls <see cref="OnStarted"/> once, then <see cref="OnSpout"/> after every
/// <c>csoundPerformKsmps</c>. A sink applies back-pressure by blocking inside <see cref="OnSpout"/>
/// until it has room; it must return promptly once its <c>cancellationToken</c> is cancelled.
/// Implementations must not allocate in <see cref="OnSpout"/>: it runs once per control period.
/// </remarks>
public interface ICsoundSpoutSink
{
    /// <summary>Called once on the performer thread before the first block, with the instance's format.</summary>
    /// <param name="format">Sample rate, control period, channel count and 0 dBFS of the instance.</param>
    void OnStarted(CsoundAudioFormat format);

    /// <summary>Called on the performer thread with one block of interleaved output samples.</summary>
    /// <param name="spout">
    /// Csound's <c>spout</c> buffer: <c>ksmps * nchnls</c> interleaved samples, valid only during the call.
    /// </param>
    /// <param name="cancellationToken">Cancelled when the performer is asked to stop.</param>
    void OnSpout(ReadOnlySpan<double> spout, CancellationToken cancellationToken);
}
