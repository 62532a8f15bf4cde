using Orchestron.Csound;
using Orchestron.Streaming;

namespace Orchestron.Host.Sessions;

/// <summary>
/// One Csound session: its code, its state, and while it runs, its instance and performer (local mode) or
/// its stream to WebRTC listeners (streaming mode).
/// </summary>
/// <remarks>
/// Start, stop and delete are serialised by <see cref="Gate"/>. MIDI, control channels and panic go straight
/// to the instance, whose calls for them are thread-safe, so playing never waits for a start or stop.
/// </remarks>
public sealed class HostSession
{
    internal HostSession(string id, string? instrumentId, string csd, DateTimeOffset createdAt)
    {
        Id = id;
        InstrumentId = instrumentId;
        Csd = csd;
        CreatedAt = createdAt;
    }

    /// <summary>128 random bits, hex.</summary>
    public string Id { get; }

    /// <summary>The library instrument it plays, or null for CSD text.</summary>
    public string? InstrumentId { get; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Its state.</summary>
    public SessionState State { get; internal set; } = SessionState.Created;

    /// <summary>Why it failed, when it did.</summary>
    public string? Error { get; internal set; }

    internal string Csd { get; }

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>A compiled instance waiting for its start, or the running one.</summary>
    internal CsoundInstance? Instance { get; set; }

    internal CsoundPerformer? LocalPerformer { get; set; }

    internal CsoundWebRtcStream? Stream { get; set; }

    /// <summary>Incremented at each start, so that a late completion of an old run changes nothing.</summary>
    internal int Run { get; set; }
}
