using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orchestron.Csound;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Streaming;
using Orchestron.Streaming.DependencyInjection;

namespace Orchestron.Host.Sessions;

/// <summary>
/// The sessions' lifecycle: creates, starts, stops and deletes the host's Csound sessions, and finds a running
/// session's instance or stream for the calls that play it or listen to it.
/// </summary>
public sealed class SessionManager : IAsyncDisposable
{
    /// <summary>The most sessions the host keeps at once; each holds a Csound instance.</summary>
    public const int MaxSessions = 16;

    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.Ordinal);
    private readonly OrchestronHostOptions _options;
    private readonly InstrumentLibrary _instruments;
    private readonly ICsoundInstanceFactory _csound;
    private readonly IOptions<OrchestronStreamingOptions> _streaming;
    private readonly MediaTransportProvider _media;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IMeterFactory? _meterFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the manager; instances come from the Csound factory, streams use the registered media transport.</summary>
    public SessionManager(
        OrchestronHostOptions options,
        InstrumentLibrary instruments,
        ICsoundInstanceFactory csound,
        IOptions<OrchestronStreamingOptions> streaming,
        MediaTransportProvider media,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        IMeterFactory? meterFactory = null)
    {
        _options = options;
        _instruments = instruments;
        _csound = csound;
        _streaming = streaming;
        _media = media;
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<SessionManager>();
    }

    /// <summary>Whether sessions stream to browsers (true) or play on the machine's audio device.</summary>
    public bool IsStreaming => _options.AudioOutputMode == AudioOutputMode.Streaming;

    /// <summary>The sessions, newest last.</summary>
    public IReadOnlyList<HostSession> Sessions => [.. _sessions.Values.OrderBy(s => s.CreatedAt)];

    /// <summary>Creates a session from a library instrument or CSD text, compiling it at once so errors show now.</summary>
    /// <param name="instrumentId">A library instrument's id; the default instrument when both arguments are null.</param>
    /// <param name="csd">CSD text, instead of an instrument; checked by the API before it gets here.</param>
    public HostSession Create(string? instrumentId, string? csd)
    {
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

        if (_sessions.Count >= MaxSessions)
        {
            throw SessionException.Conflict("Too many sessions", $"The host keeps at most {MaxSessions} sessions; delete one first.");
        }

        var session = new HostSession(RandomNumberGenerator.GetHexString(32, lowercase: true), instrumentId, csd, _time.GetUtcNow())
        {
            Instance = Compile(csd),
        };
        _sessions[session.Id] = session;
        _logger.LogInformation("Session {Session} created ({Instrument})", session.Id, instrumentId ?? "CSD text");
        return session;
    }

    /// <summary>The session with this id.</summary>
    public HostSession Get(string id) =>
        _sessions.TryGetValue(id, out var session) ? session : throw SessionException.NotFound(id);

    /// <summary>Starts the session's performance: to the device in local mode, to the pacer in streaming mode.</summary>
    public async Task<HostSession> StartAsync(string id)
    {
        var session = Get(id);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (session.State == SessionState.Running)
            {
                throw SessionException.Conflict("Session already running", "The session is running; stop it before starting it again.");
            }

            var instance = session.Instance ?? Compile(session.Csd);
            session.Instance = instance;
            var run = ++session.Run;
            Task<CsoundPerformanceResult> completion;
            try
            {
                completion = IsStreaming ? StartStream(session, instance) : StartLocal(session, instance);
            }
            catch (Exception error) when (error is CsoundException or InvalidOperationException)
            {
                await ReleaseAsync(session).ConfigureAwait(false);
                session.State = SessionState.Failed;
                session.Error = error.Message;
                throw SessionException.Conflict("Session could not start", error.Message);
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

    /// <summary>Stops the performance and frees Csound; the session can be started again.</summary>
    public async Task<HostSession> StopAsync(string id)
    {
        var session = Get(id);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (session.State == SessionState.Running)
            {
                session.Run++;
                await ReleaseAsync(session).ConfigureAwait(false);
                session.State = SessionState.Stopped;
                _logger.LogInformation("Session {Session} stopped", session.Id);
            }

            return session;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Stops and forgets the session.</summary>
    public async Task DeleteAsync(string id)
    {
        var session = Get(id);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            session.Run++;
            await ReleaseAsync(session).ConfigureAwait(false);
            _sessions.TryRemove(session.Id, out _);
            _logger.LogInformation("Session {Session} deleted", session.Id);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Stops and forgets every session.</summary>
    public async ValueTask DeleteAllAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await DeleteAsync(session.Id).ConfigureAwait(false);
        }
    }

    /// <summary>Queues a checked MIDI message for the running session.</summary>
    public void SendMidi(string id, MidiEvent midi)
    {
        if (!RunningInstance(id).TrySendMidi(midi.Status, midi.Data1, midi.Data2, midi.Delay))
        {
            throw SessionException.Conflict("MIDI queue full", "Too many MIDI messages are waiting; send fewer at once.");
        }
    }

    /// <summary>Sets a control channel of the running session; name and value are checked by the API.</summary>
    public void SetChannel(string id, string name, double value) => RunningInstance(id).SetControlChannel(name, value);

    /// <summary>Turns every sounding note of the running session off.</summary>
    public void Panic(string id) => RunningInstance(id).Panic();

    /// <summary>The running session's stream, for its listeners.</summary>
    public CsoundWebRtcStream RunningStream(string id)
    {
        var session = Get(id);
        if (!IsStreaming)
        {
            throw SessionException.Conflict("Not streaming", "The host runs in local mode: audio plays on the server's audio device, not in the browser.");
        }

        var stream = session.Stream;
        return session.State == SessionState.Running && stream is not null
            ? stream
            : throw SessionException.Conflict("Session not running", "Start the session before connecting to its audio.");
    }

    /// <summary>Stops every session; the container disposes the media transport.</summary>
    public ValueTask DisposeAsync() => DeleteAllAsync();

    private CsoundInstance RunningInstance(string id)
    {
        var session = Get(id);
        var instance = session.Instance;
        return session.State == SessionState.Running && instance is not null
            ? instance
            : throw SessionException.Conflict("Session not running", "Start the session first.");
    }

    private CsoundInstance Compile(string csd)
    {
        try
        {
            return _csound.CreateCompiled(csd);
        }
        catch (CsoundCompileException error)
        {
            throw new SessionException(SessionProblem.InvalidCsound, "The Csound code does not compile", error.Message, error.CsoundMessages);
        }
    }

    private Task<CsoundPerformanceResult> StartStream(HostSession session, CsoundInstance instance)
    {
        session.Stream = CsoundWebRtcStream.Start(
            instance, _media.Transport, _streaming.Value.Audio, loggerFactory: _loggerFactory, meterFactory: _meterFactory);
        return session.Stream.Completion;
    }

    private Task<CsoundPerformanceResult> StartLocal(HostSession session, CsoundInstance instance)
    {
        session.LocalPerformer = new CsoundPerformer(
            instance,
            new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local },
            logger: _loggerFactory.CreateLogger<CsoundPerformer>());
        session.LocalPerformer.Start();
        return session.LocalPerformer.Completion;
    }

    private static async Task ReleaseAsync(HostSession session)
    {
        if (session.Stream is { } stream)
        {
            session.Stream = null;
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        if (session.LocalPerformer is { } performer)
        {
            session.LocalPerformer = null;
            await performer.DisposeAsync().ConfigureAwait(false);
        }

        session.Instance?.Dispose();
        session.Instance = null;
    }

    private async Task OnPerformanceEnded(HostSession session, int run, CsoundPerformanceResult result)
    {
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A stop or restart since then owns the session now.
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
