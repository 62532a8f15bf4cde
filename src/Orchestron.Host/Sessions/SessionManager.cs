using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orchestron.Csound;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Streaming;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.Streaming.Engine;

namespace Orchestron.Host.Sessions;

/// <summary>
/// The sessions' lifecycle: creates, starts, stops and deletes the host's Csound sessions, and finds a running
/// session's instance or stream for the calls that play it or listen to it.
/// </summary>
/// <remarks>
/// Every session holds a capacity slot from before its compile until its delete, and every part it owns while
/// it runs is released by a stop, a delete, the end of its score or a failed start, each within the stop timeout.
/// </remarks>
public sealed class SessionManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.Ordinal);
    private readonly OrchestronHostOptions _options;
    private readonly SessionCapacity _capacity;
    private readonly SessionCapacity _playing;
    private readonly ClientSessionShares _shares;

    /// <summary>What a refused start is told to wait: long enough for the engine's load to be measured again.</summary>
    private static readonly TimeSpan PlayingAdmissionRetryAfter = TimeSpan.FromSeconds(5);
    private readonly InstrumentLibrary _instruments;
    private readonly SessionEngineFactory _engines;
    private readonly SandboxAvailability? _ownedSandbox;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates the manager; in-process instances come from the Csound factory, sandboxed ones from workers launched
    /// as <paramref name="sandbox"/> says, and streams use the registered media transport.
    /// </summary>
    public SessionManager(
        OrchestronHostOptions options,
        InstrumentLibrary instruments,
        ICsoundInstanceFactory csound,
        IOptions<OrchestronStreamingOptions> streaming,
        MediaTransportProvider media,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        IMeterFactory? meterFactory = null,
        SandboxAvailability? sandbox = null)
    {
        _options = options;
        _capacity = new SessionCapacity(options.Sessions.MaxSessions);
        _playing = new SessionCapacity(options.Sessions.MaxPlayingSessions ?? SessionLimits.MaxMaxSessions);
        _shares = new ClientSessionShares(options.Fairness.SessionShare(options.Sessions.MaxSessions));
        _instruments = instruments;
        // Without the host's own, the manager launches workers through one of its own, and releases it with itself.
        _ownedSandbox = sandbox is null
            ? new SandboxAvailability(options.Sandbox, streaming.Value.Audio)
            : null;
        _engines = new SessionEngineFactory(options, csound, streaming, media, sandbox ?? _ownedSandbox!, loggerFactory, meterFactory);
        _time = time;
        _logger = loggerFactory.CreateLogger<SessionManager>();
    }

    /// <summary>Whether sessions stream to browsers (true) or play on the machine's audio device.</summary>
    public bool IsStreaming => _options.AudioOutputMode == AudioOutputMode.Streaming;

    /// <summary>The sessions, newest last.</summary>
    public IReadOnlyList<HostSession> Sessions => [.. _sessions.Values.OrderBy(s => s.CreatedAt)];

    /// <summary>The most sessions kept at once.</summary>
    public int MaxSessions => _capacity.MaxSessions;

    /// <summary>Capacity slots held now: sessions that exist plus creates still compiling.</summary>
    public int SessionCount => _capacity.Taken;

    /// <summary>Creates a session from a library instrument or CSD text, compiling it at once so errors show now.</summary>
    /// <param name="instrumentId">A library instrument's id; the default instrument when both arguments are null.</param>
    /// <param name="csd">CSD text, instead of an instrument; checked by the API before it gets here.</param>
    public HostSession Create(string? instrumentId, string? csd) => CreateAsync(instrumentId, csd).GetAwaiter().GetResult();

    /// <summary>
    /// Creates a session from a library instrument or CSD text, compiling it at once so errors show now. CSD text
    /// always runs in a sandboxed worker; a library instrument where <see cref="SecurityOptions.LibraryIsolation"/> says.
    /// </summary>
    /// <param name="instrumentId">A library instrument's id; the default instrument when both arguments are null.</param>
    /// <param name="csd">CSD text, instead of an instrument; checked by the API before it gets here.</param>
    public Task<HostSession> CreateAsync(string? instrumentId, string? csd) => CreateAsync(instrumentId, csd, SessionClient.Operator);

    /// <summary>
    /// Creates a session for <paramref name="client"/>, as <see cref="CreateAsync(string?, string?)"/> does, within
    /// the client's share of the session cap (<see cref="FairShareOptions.MaxSessionsPerClient"/>).
    /// </summary>
    /// <param name="instrumentId">A library instrument's id; the default instrument when both arguments are null.</param>
    /// <param name="csd">CSD text, instead of an instrument; checked by the API before it gets here.</param>
    /// <param name="client">Who asks: its address, or the operator.</param>
    public Task<HostSession> CreateAsync(string? instrumentId, string? csd, SessionClient client) =>
        CreateAsync(instrumentId, csd, csd is null ? _options.Security.LibraryIsolation : SessionIsolation.Sandbox, client);

    /// <summary>Creates a session with the isolation given: for CSD the host itself trusts, never for text from the network.</summary>
    internal async Task<HostSession> CreateAsync(string? instrumentId, string? csd, SessionIsolation isolation, SessionClient? client = null)
    {
        client ??= SessionClient.Operator;
        if (csd is null)
        {
            instrumentId ??= _instruments.DefaultInstrument.Id;
            if (!_instruments.TryGet(instrumentId, out _))
            {
                var known = string.Join(", ", _instruments.Instruments.Select(i => i.Id));
                throw SessionException.Invalid("Unknown instrument", $"There is no instrument '{instrumentId}'; the library has: {known}.");
            }

            csd = _instruments.GetCsd(instrumentId);
        }

        // The slot is taken before the compile, which takes long enough for many creates to overlap.
        if (!_capacity.TryTake())
        {
            throw SessionException.Conflict("Too many sessions", $"The host keeps at most {_capacity.MaxSessions} sessions; delete one first.");
        }

        if (!_shares.TryTake(client))
        {
            _capacity.Give();
            throw _shares.Refusal(_capacity.MaxSessions, _options.Fairness.UnstartedTimeout);
        }

        try
        {
            var engine = await _engines.CreateAsync(csd, isolation).ConfigureAwait(false);
            var session = new HostSession(
                SessionIdFormat.NewSessionId(_options.ReplicaId),
                instrumentId,
                csd,
                isolation,
                ChannelDeclarations.Parse(csd),
                _time.GetUtcNow(),
                new PanicThrottle(_time),
                client,
                new NoteOnLimiter(_options.Fairness.MaxNoteOnsPerSecond, _time))
            {
                Engine = engine,
            };
            _sessions[session.Id] = session;
            _logger.LogInformation("Session {Session} created ({Instrument}, {Isolation})", session.Id, instrumentId ?? "CSD text", isolation);
            return session;
        }
        catch
        {
            _capacity.Give();
            _shares.Give(client);
            throw;
        }
    }

    /// <summary>The session with this id.</summary>
    public HostSession Get(string id) =>
        _sessions.TryGetValue(id, out var session) ? session : throw SessionException.NotFound(id);

    /// <summary>Starts the session's performance: to the device in local mode, to the pacer in streaming mode.</summary>
    public async Task<HostSession> StartAsync(string id)
    {
        var session = await EnterAsync(id).ConfigureAwait(false);
        try
        {
            if (session.State == SessionState.Running)
            {
                throw SessionException.Conflict("Session already running", "The session is running; stop it before starting it again.");
            }

            // A start is no use in itself, but the first listener needs a moment to connect after it.
            session.Started(_time.GetUtcNow() + _options.Fairness.UnstartedTimeout);
            AdmitToPlay(session);
            var run = ++session.Run;
            Task<CsoundPerformanceResult> completion;
            try
            {
                session.Engine ??= await _engines.CreateAsync(session.Csd, session.Isolation).ConfigureAwait(false);
                completion = await session.Engine.StartAsync().ConfigureAwait(false);
            }
            catch (SessionException error) when (error.Problem == SessionProblem.InvalidCsound)
            {
                GivePlayingSlot(session);
                throw;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Whatever failed (the UDP bind, the Opus encoder, the DTLS certificate, Csound), nothing half-built stays.
                await ReleaseAsync(session).ConfigureAwait(false);
                session.State = SessionState.Failed;
                session.Error = error.Message;
                _logger.LogWarning(error, "Session {Session} could not start", session.Id);
                throw error is SessionException
                    ? error
                    : error is SocketException || error.InnerException is SocketException
                    ? new SessionException(SessionProblem.Unavailable, "Media transport unavailable", "The WebRTC UDP port could not be opened: " + error.Message)
                    : SessionException.Conflict("Session could not start", error.Message);
            }

            session.State = SessionState.Running;
            session.Error = null;
            _ = completion.ContinueWith(done => OnPerformanceEnded(session, run, done.Result), TaskScheduler.Default);
            _logger.LogInformation("Session {Session} started", session.Id);
            return session;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>
    /// Stops the performance and frees Csound; the session can be started again. A render that does not return
    /// within the stop timeout leaves the session failed, with its listeners closed.
    /// </summary>
    public async Task<HostSession> StopAsync(string id)
    {
        var session = await EnterAsync(id).ConfigureAwait(false);
        try
        {
            if (session.State == SessionState.Running)
            {
                session.Run++;
                if (await ReleaseAsync(session).ConfigureAwait(false))
                {
                    session.State = SessionState.Stopped;
                    _logger.LogInformation("Session {Session} stopped", session.Id);
                }
                else
                {
                    session.State = SessionState.Failed;
                    session.Error = $"Csound's render did not return within {_options.Sessions.StopTimeout.TotalMilliseconds:0} ms of the stop; the session was abandoned.";
                    _logger.LogWarning("Session {Session} failed to stop: {Error}", session.Id, session.Error);
                }
            }

            return session;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Stops and forgets the session; nothing that was waiting for it can start it again.</summary>
    /// <param name="id">The session.</param>
    /// <param name="reason">Why, for the log.</param>
    public async Task DeleteAsync(string id, string reason = "on request")
    {
        var session = await EnterAsync(id).ConfigureAwait(false);
        try
        {
            session.State = SessionState.Deleted;
            session.Run++;
            _sessions.TryRemove(session.Id, out _);
            _capacity.Give();
            _shares.Give(session.Client);
            var released = await ReleaseAsync(session).ConfigureAwait(false);
            _logger.LogInformation(
                "Session {Session} deleted {Reason}{Abandoned}", session.Id, reason, released ? "" : "; its render had not returned within the stop timeout");
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Stops and forgets every session, all at once, so that shutdown takes one stop timeout at most.</summary>
    public async ValueTask DeleteAllAsync(string reason = "on request")
    {
        await Task.WhenAll(_sessions.Keys.Select(async id =>
        {
            try
            {
                await DeleteAsync(id, reason).ConfigureAwait(false);
            }
            catch (SessionException error) when (error.Problem == SessionProblem.NotFound)
            {
                // Deleted by someone else meanwhile.
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Queues a checked MIDI message for the running session; note-ons within the session's note rate.</summary>
    public void SendMidi(string id, MidiEvent midi)
    {
        if (midi.IsNoteOn && CpuShareRefusal.Refuses(Get(id).Engine, out var cpu))
        {
            throw CpuShareRefusal.NoteOn(cpu);
        }

        if (midi.IsNoteOn && Get(id).NoteOns is var noteOns && !noteOns.TryAcquire())
        {
            throw noteOns.Refusal();
        }

        if (!Play(id, engine => engine.TrySendMidi(midi)))
        {
            throw SessionException.Conflict("MIDI queue full", "Too many MIDI messages are waiting; send fewer at once.");
        }
    }

    /// <summary>
    /// Sets a control channel the session's CSD declares. A value outside the declared range is refused, not
    /// clamped, so a client learns its control is mis-scaled.
    /// </summary>
    public void SetChannel(string id, string name, double value)
    {
        var session = Get(id);
        if (!session.Channels.TryGetValue(name, out var channel))
        {
            var declared = session.Channels.Count == 0 ? "none" : string.Join(", ", session.Channels.Keys.Order(StringComparer.Ordinal));
            throw new SessionException(
                SessionProblem.NotFound,
                "Unknown channel",
                $"The session's Csound code declares no channel '{name}' (declared with chn_k, chn_a or chnexport: {declared}).");
        }

        if (channel.IsAudio)
        {
            throw SessionException.Invalid("Audio channel", $"'{name}' is an audio channel; only control channels take a value.");
        }

        if (value < channel.Min || value > channel.Max)
        {
            throw SessionException.Invalid(
                "Channel value out of range", $"'{name}' takes values from {channel.Min} to {channel.Max}; the value was {value}.");
        }

        Play(id, engine =>
        {
            engine.SetChannel(name, value);
            return true;
        });
    }

    /// <summary>
    /// Turns every sounding note of the running session off before its next control period, a few times a
    /// second at most. The panic runs on the render thread: there its call per instrument number takes Csound's
    /// API lock without competing with the render for it.
    /// </summary>
    public void Panic(string id)
    {
        var session = Get(id);
        if (!session.Panics.TryEnter())
        {
            throw new SessionException(
                SessionProblem.TooManyRequests, "Too many panics", $"A session takes at most {PanicThrottle.PerSecond} panics a second; the notes are already off.");
        }

        Play(id, engine =>
        {
            engine.Panic();
            return true;
        });
    }

    /// <summary>The running session's engine, for its listeners.</summary>
    internal SessionEngine RunningStream(string id)
    {
        var session = Get(id);
        if (!IsStreaming)
        {
            throw SessionException.Conflict("Not streaming", "The host runs in local mode: audio plays on the server's audio device, not in the browser.");
        }

        var stream = session.Engine;
        if (session.State != SessionState.Running || stream?.Sender is null)
        {
            throw SessionException.Conflict("Session not running", "Start the session before connecting to its audio.");
        }

        return stream;
    }

    /// <summary>Stops every session; the container disposes the media transport.</summary>
    public async ValueTask DisposeAsync()
    {
        await DeleteAllAsync("as the host stops").ConfigureAwait(false);
        if (_ownedSandbox is not null)
        {
            await _ownedSandbox.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the session's gate; a session deleted meanwhile is not found.</summary>
    private async Task<HostSession> EnterAsync(string id)
    {
        var session = Get(id);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        if (session.State == SessionState.Deleted)
        {
            session.Gate.Release();
            throw SessionException.NotFound(id);
        }

        return session;
    }

    /// <summary>Runs a call on the running engine; an engine released under the call means the session is not running.</summary>
    private bool Play(string id, Func<SessionEngine, bool> call)
    {
        var session = Get(id);
        var instance = session.Engine;
        if (session.State != SessionState.Running || instance is null)
        {
            throw NotRunning();
        }

        try
        {
            return call(instance);
        }
        catch (Exception error) when (error is ObjectDisposedException or InvalidOperationException)
        {
            // A stop or delete released the instance between the check and the call.
            throw NotRunning();
        }

        static SessionException NotRunning() => SessionException.Conflict("Session not running", "Start the session first.");
    }

    private async Task<bool> ReleaseAsync(HostSession session)
    {
        GivePlayingSlot(session);
        var engine = session.Engine;
        session.Engine = null;
        return engine is null || await engine.ReleaseAsync(_options.Sessions.StopTimeout, _time, _logger, session.Id).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a playing slot for the session, or refuses with 503: past the fixed limit, or (in streaming mode with
    /// the limit left to measurement) when the engine's measured load has no room for another session. Refusing
    /// one start is better than letting every playing session underrun.
    /// </summary>
    private void AdmitToPlay(HostSession session)
    {
        var fixedLimit = _options.Sessions.MaxPlayingSessions;
        var admission = fixedLimit is not null || !IsStreaming ? (SessionAdmission?)null : StreamingEngine.Shared.CheckAdmission();
        var engineHasRoom = admission is not { Admitted: false };
        if (!engineHasRoom || !_playing.TryTake(fixedLimit ?? int.MaxValue))
        {
            throw new SessionException(
                SessionProblem.Unavailable,
                "Too many sessions playing",
                fixedLimit is { } limit
                    ? $"The host plays at most {limit} sessions at once ({OrchestronSettings.MaxPlayingSessions.EnvironmentVariable}); try again when one stops."
                    : $"The host's cores are as busy as it lets them get: {admission?.Reason} Try again when a session stops.")
            {
                RetryAfter = PlayingAdmissionRetryAfter,
            };
        }

        session.HoldsPlayingSlot = true;
    }

    private void GivePlayingSlot(HostSession session)
    {
        if (session.HoldsPlayingSlot)
        {
            session.HoldsPlayingSlot = false;
            _playing.Give();
        }
    }

    private async Task OnPerformanceEnded(HostSession session, int run, CsoundPerformanceResult result)
    {
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A stop, restart or delete since then owns the session now.
            if (session.Run != run || session.State != SessionState.Running)
            {
                return;
            }

            await ReleaseAsync(session).ConfigureAwait(false);
            session.State = result.Outcome == CsoundPerformanceOutcome.Failed ? SessionState.Failed : SessionState.Stopped;
            session.Error = result.Outcome == CsoundPerformanceOutcome.Failed
                ? result.Error?.Message ?? string.Join(" ", result.CsoundMessages)
                : null;
            _logger.LogInformation("Session {Session} ended: {Outcome}", session.Id, result.Outcome);
        }
        finally
        {
            session.Gate.Release();
        }
    }
}
