using Orchestron.Csound;
using Orchestron.Host.Configuration;
using Orchestron.Streaming;

namespace Orchestron.Host.Sessions;

/// <summary>
/// One Csound session: its code, its state, where it runs (in the host's process or a sandboxed worker), and
/// its compiled or running stream, and the tokens that open it, which live and die with it.
/// </summary>
/// <remarks>
/// Start, stop and delete are serialised by <see cref="Gate"/>, and each checks for <see cref="SessionState.Deleted"/>
/// once it holds it, so a call that waited behind a delete finds the session gone. MIDI, control channels and
/// panic go straight to the stream, whose calls for them are thread-safe, so playing never waits for a start
/// or stop; a call that meets a stream being released is refused as "not running".
/// </remarks>
public sealed class HostSession
{
    private long _lastHeardTicks;
    private long _startGraceUntilTicks;

    internal HostSession(
        string id,
        string? instrumentId,
        string csd,
        SessionIsolation isolation,
        IReadOnlyDictionary<string, DeclaredChannel> channels,
        DateTimeOffset createdAt,
        PanicThrottle panics,
        SessionClient client,
        NoteOnLimiter noteOns)
    {
        Isolation = isolation;
        Id = id;
        InstrumentId = instrumentId;
        Csd = csd;
        Channels = channels;
        CreatedAt = createdAt;
        Panics = panics;
        Client = client;
        NoteOns = noteOns;
        _lastHeardTicks = createdAt.UtcTicks;
        Grant = SessionGrant.Issue(id);
    }

    /// <summary>128 random bits, hex.</summary>
    public string Id { get; }

    /// <summary>The library instrument it plays, or null for CSD text.</summary>
    public string? InstrumentId { get; }

    /// <summary>Where its Csound runs: in the host's process, or in a sandboxed worker process.</summary>
    public SessionIsolation Isolation { get; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Its state.</summary>
    public SessionState State { get; internal set; } = SessionState.Created;

    /// <summary>Why it failed, when it did.</summary>
    public string? Error { get; internal set; }

    /// <summary>
    /// When someone last listened to it (a connected listener or a forward), or when it was created: what the idle
    /// time counts from. Control calls do not count, or a script could keep a session nobody hears forever.
    /// </summary>
    public DateTimeOffset LastHeard => new(Interlocked.Read(ref _lastHeardTicks), TimeSpan.Zero);

    /// <summary>Until when a start protects the session from the idle time, while its first listener connects.</summary>
    public DateTimeOffset StartGraceUntil => new(Interlocked.Read(ref _startGraceUntilTicks), TimeSpan.Zero);

    /// <summary>The client it counts against: an address, or the operator.</summary>
    public SessionClient Client { get; }

    /// <summary>The channels its CSD declares; only these can be set.</summary>
    public IReadOnlyDictionary<string, DeclaredChannel> Channels { get; }

    internal string Csd { get; }

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal PanicThrottle Panics { get; }

    internal NoteOnLimiter NoteOns { get; }

    /// <summary>Its control and listen tokens, shown once to its creator; gone with the session.</summary>
    internal SessionGrant Grant { get; }

    /// <summary>A compiled stream waiting for its start, or the running one.</summary>
    internal ICsoundStream? Stream { get; set; }

    /// <summary>The in-process instance, when the session runs in the host's process.</summary>
    internal CsoundInstance? Instance => Stream switch
    {
        CsoundWebRtcStream streamed => streamed.Instance,
        CsoundDevicePerformance played => played.Instance,
        _ => null,
    };

    /// <summary>Whether the session holds one of the host's playing slots, given back when its parts are released.</summary>
    internal bool HoldsPlayingSlot { get; set; }

    /// <summary>Incremented at each start and stop, so that a late completion of an old run changes nothing.</summary>
    internal int Run { get; set; }

    internal void Heard(DateTimeOffset now) => Interlocked.Exchange(ref _lastHeardTicks, now.UtcTicks);

    internal void Started(DateTimeOffset graceUntil) => Interlocked.Exchange(ref _startGraceUntilTicks, graceUntil.UtcTicks);
}
