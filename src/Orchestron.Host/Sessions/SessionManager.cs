using System.Collections.Concurrent;
using Orchestron.Csound;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Streaming;
using Orchestron.Streaming.Engine;

namespace Orchestron.Host.Sessions;

/// <summary>
/// The sessions' lifecycle: creates, starts, stops and deletes the host's Csound sessions, and finds a running
/// session's stream for the calls that play it or listen to it. Streams come from the library's
/// <see cref="ICsoundStreamFactory"/>; admission, channel checks and the mapping of failures to API errors live in
/// types of their own.
/// </summary>
/// <remarks>
/// Every session holds a capacity slot from before its compile until its delete, and every part it owns while
/// it runs is released by a stop, a delete, the end of its score or a failed start, each within the stop timeout.
/// </remarks>
public sealed partial class SessionManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.Ordinal);
    private readonly OrchestronHostOptions _options;
    private readonly InstrumentLibrary _instruments;
    private readonly ICsoundStreamFactory _streams;
    private readonly SessionAdmission _admission;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the manager over the library's stream factory and the engine whose load admits starts.</summary>
    public SessionManager(
        OrchestronHostOptions options, InstrumentLibrary instruments, ICsoundStreamFactory streams, StreamingEngine engine, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _instruments = instruments;
        _streams = streams;
        _admission = new SessionAdmission(options, engine);
        _time = time;
        _logger = loggerFactory.CreateLogger<SessionManager>();
    }

    /// <summary>Creates a session as <see cref="CreateAsync(string?, string?)"/> does, waiting for it.</summary>
    public HostSession Create(string? instrumentId, string? csd) => CreateAsync(instrumentId, csd).GetAwaiter().GetResult();

    /// <summary>
    /// Creates a session from a library instrument (the default one when both arguments are null) or CSD text
    /// (checked by the API before it gets here), compiling it at once so errors show now. CSD text always runs in a
    /// sandboxed worker; a library instrument where <see cref="SecurityOptions.LibraryIsolation"/> says.
    /// </summary>
    public Task<HostSession> CreateAsync(string? instrumentId, string? csd) => CreateAsync(instrumentId, csd, SessionClient.Operator);

    /// <summary>Creates a session for <paramref name="client"/>, within its share of the session cap (<see cref="FairShareOptions.MaxSessionsPerClient"/>).</summary>
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
        _admission.AdmitCreate(client);
        try
        {
            var stream = await CompileAsync(csd, isolation).ConfigureAwait(false);
            var session = new HostSession(
                SessionIdFormat.NewSessionId(_options.ReplicaId), instrumentId, csd, isolation, ChannelDeclarations.Parse(csd), _time.GetUtcNow(),
                new PanicThrottle(_time), client, new NoteOnLimiter(_options.Fairness.MaxNoteOnsPerSecond, _time))
            {
                Stream = stream,
            };
            _sessions[session.Id] = session;
            _logger.LogInformation("Session {Session} created ({Instrument}, {Isolation})", session.Id, instrumentId ?? "CSD text", isolation);
            return session;
        }
        catch
        {
            _admission.ReleaseCreate(client);
            throw;
        }
    }

    /// <summary>Starts the session's performance: to the device in local mode, to the pacer in streaming mode.</summary>
    public Task<HostSession> StartAsync(string id) => UnderGateAsync(id, async session =>
    {
        if (session.State == SessionState.Running)
        {
            throw SessionException.Conflict("Session already running", "The session is running; stop it before starting it again.");
        }

        // A start is no use in itself, but the first listener needs a moment to connect after it.
        session.Started(_time.GetUtcNow() + _options.Fairness.UnstartedTimeout);
        _admission.AdmitToPlay(session);
        var run = ++session.Run;
        try
        {
            session.Stream ??= await CompileAsync(session.Csd, session.Isolation).ConfigureAwait(false);
            await session.Stream.StartAsync().ConfigureAwait(false);
        }
        catch (SessionException error) when (error.Problem == SessionProblem.InvalidCsound)
        {
            _admission.ReleasePlaying(session);
            throw;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Whatever failed, nothing half-built stays.
            await ReleaseAsync(session).ConfigureAwait(false);
            session.State = SessionState.Failed;
            session.Error = error.Message;
            _logger.LogWarning(error, "Session {Session} could not start", session.Id);
            throw SessionFailures.FromStart(error);
        }

        session.State = SessionState.Running;
        session.Error = null;
        _ = session.Stream.Completion.ContinueWith(done => OnPerformanceEnded(session, run, done.Result), TaskScheduler.Default);
        _logger.LogInformation("Session {Session} started", session.Id);
    });

    /// <summary>
    /// Stops the performance and frees Csound; the session can be started again. A render that does not return
    /// within the stop timeout leaves the session failed, with its listeners closed.
    /// </summary>
    public Task<HostSession> StopAsync(string id) => UnderGateAsync(id, async session =>
    {
        if (session.State != SessionState.Running)
        {
            return;
        }

        session.Run++;
        if (await ReleaseAsync(session).ConfigureAwait(false))
        {
            session.State = SessionState.Stopped;
            _logger.LogInformation("Session {Session} stopped", session.Id);
            return;
        }

        session.State = SessionState.Failed;
        session.Error = $"Csound's render did not return within {_options.Sessions.StopTimeout.TotalMilliseconds:0} ms of the stop; the session was abandoned.";
        _logger.LogWarning("Session {Session} failed to stop: {Error}", session.Id, session.Error);
    });

    /// <summary>Stops and forgets the session, and with it its tokens; nothing that was waiting for it can start it again.</summary>
    /// <param name="id">The session.</param>
    /// <param name="reason">Why, for the log.</param>
    public Task DeleteAsync(string id, string reason = "on request") => UnderGateAsync(id, async session =>
    {
        session.State = SessionState.Deleted;
        session.Run++;
        _sessions.TryRemove(session.Id, out _);
        _admission.ReleaseCreate(session.Client);
        var released = await ReleaseAsync(session).ConfigureAwait(false);
        _logger.LogInformation(
            "Session {Session} deleted {Reason}{Abandoned}", session.Id, reason, released ? "" : "; its render had not returned within the stop timeout");
    });

    /// <summary>Stops and forgets every session, all at once, so that shutdown takes one stop timeout at most.</summary>
    public async ValueTask DeleteAllAsync(string reason = "on request") =>
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

    /// <summary>Stops every session; the container disposes the engine and the media transport.</summary>
    public ValueTask DisposeAsync() => DeleteAllAsync("as the host stops");

    private async Task<ICsoundStream> CompileAsync(string csd, SessionIsolation isolation)
    {
        try
        {
            return await _streams.CreateAsync(csd, isolation == SessionIsolation.Sandbox ? CsoundIsolation.Sandbox : CsoundIsolation.InProcess).ConfigureAwait(false);
        }
        catch (Exception error) when (SessionFailures.FromCreate(error) is SessionException mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Runs <paramref name="change"/> holding the session's gate; a session deleted meanwhile is not found.</summary>
    private async Task<HostSession> UnderGateAsync(string id, Func<HostSession, Task> change)
    {
        var session = Get(id);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (session.State == SessionState.Deleted)
            {
                throw SessionException.NotFound(session.Id);
            }

            await change(session).ConfigureAwait(false);
            return session;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task<bool> ReleaseAsync(HostSession session)
    {
        _admission.ReleasePlaying(session);
        var stream = session.Stream;
        session.Stream = null;
        return stream is null || await stream.StopAsync(_options.Sessions.StopTimeout).ConfigureAwait(false);
    }

    private async Task OnPerformanceEnded(HostSession session, int run, CsoundPerformanceResult result)
    {
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A stop, restart or delete since then owns the session now.
            if (session.Run == run && session.State == SessionState.Running)
            {
                await ReleaseAsync(session).ConfigureAwait(false);
                var failed = result.Outcome == CsoundPerformanceOutcome.Failed;
                session.State = failed ? SessionState.Failed : SessionState.Stopped;
                session.Error = failed ? result.Error?.Message ?? string.Join(" ", result.CsoundMessages) : null;
                _logger.LogInformation("Session {Session} ended: {Outcome}", session.Id, result.Outcome);
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }
}
