using Orchestron.Csound;
using Orchestron.Host.Configuration;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Host.Sessions;

/// <summary>
/// A session's compiled Csound and, once started, its performance: in the host's process or in a sandboxed worker.
/// The session manager drives either through these members alone.
/// </summary>
internal abstract class SessionEngine
{
    /// <summary>Where this engine's Csound runs.</summary>
    public abstract SessionIsolation Isolation { get; }

    /// <summary>The running stream's sender, while the session streams.</summary>
    public abstract WebRtcAudioSender? Sender { get; }

    /// <summary>The running stream's counters, while the session streams.</summary>
    public abstract StreamingAudioStatistics? AudioStatistics { get; }

    /// <summary>What the render pool measured of the session's CPU use, while it renders there (in-process streaming).</summary>
    public virtual SessionCpuShare? CpuShare => null;

    /// <summary>Starts the performance; the result is the performance's completion.</summary>
    public abstract Task<Task<CsoundPerformanceResult>> StartAsync();

    /// <summary>Queues a MIDI message; false when the queue is full.</summary>
    /// <exception cref="InvalidOperationException">The performance is being released.</exception>
    public abstract bool TrySendMidi(MidiEvent midi);

    /// <summary>Sets a control channel.</summary>
    /// <exception cref="InvalidOperationException">The performance is being released.</exception>
    public abstract void SetChannel(string name, double value);

    /// <summary>Turns every sounding note off before the next control period.</summary>
    /// <exception cref="InvalidOperationException">The performance is being released.</exception>
    public abstract void Panic();

    /// <summary>Accepts a listener's offer.</summary>
    /// <exception cref="InvalidOperationException">The session does not stream.</exception>
    public abstract WebRtcAnswer AcceptOffer(string offerSdp);

    /// <summary>Starts forwarding the encoded stream as RTP, whether or not anyone listens directly.</summary>
    /// <exception cref="InvalidOperationException">The session does not stream.</exception>
    public abstract RtpForward AddForward(RtpForwardOptions options);

    /// <summary>Stops a forward made by <see cref="AddForward"/>; false when it had already been removed.</summary>
    public abstract bool RemoveForward(RtpForward forward);

    /// <summary>Stops and frees everything; false when a part did not stop within <paramref name="timeout"/> (it is then abandoned or killed).</summary>
    public abstract Task<bool> ReleaseAsync(TimeSpan timeout, TimeProvider time, ILogger logger, string sessionId);
}
