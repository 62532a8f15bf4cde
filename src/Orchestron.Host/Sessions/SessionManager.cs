using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Orchestron.Csound;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc.Sdp;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Creates, runs and ends the host's Csound sessions, and negotiates their WebRTC listeners.
/// </summary>
public sealed class SessionManager : IAsyncDisposable
{
    /// <summary>The most sessions the host keeps at once; each holds a Csound instance.</summary>
    public const int MaxSessions = 16;

    /// <summary>The largest CSD text accepted.</summary>
    public const int MaxCsdBytes = 256 * 1024;

    // Warnings only: Csound prints a line per note at its default level, and each line costs the render thread.
    private const int CsoundMessageLevel = 4;

    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.Ordinal);
    private readonly OrchestronHostOptions _options;
    private readonly InstrumentLibrary _instruments;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IMeterFactory? _meterFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lazy<UdpMediaTransport> _webRtc;

    /// <summary>Creates the manager; the WebRTC server's UDP socket opens with the first stream.</summary>
    public SessionManager(
        OrchestronHostOptions options,
        InstrumentLibrary instruments,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        IMeterFactory? meterFactory = null)
    {
        _options = options;
        _instruments = instruments;
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<SessionManager>();
        _webRtc = new Lazy<UdpMediaTransport>(CreateUdpMediaTransport, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether sessions stream to browsers (true) or play on the machine's audio device.</summary>
    public bool IsStreaming => _options.AudioOutputMode == AudioOutputMode.Streaming;

    /// <summary>The sessions, newest last.</summary>
    public IReadOnlyList<HostSession> Sessions => [.. _sessions.Values.OrderBy(s => s.CreatedAt)];

    /// <summary>Creates a session from a library instrument or CSD text, compiling it at once so errors show now.</summary>
    /// <param name="instrumentId">A library instrument's id; the default instrument when both arguments are null.</param>
    /// <param name="csd">CSD text, instead of an instrument.</param>
    public HostSession Create(string? instrumentId, string? csd)
    {
        if (instrumentId is not null && csd is not null)
        {
            throw SessionException.Invalid("Choose an instrument or CSD text", "Give 'instrument' or 'csd', not both.");
        }

        if (csd is not null && System.Text.Encoding.UTF8.GetByteCount(csd) > MaxCsdBytes)
        {
            throw new SessionException(SessionProblem.TooLarge, "CSD too large", $"The CSD text is larger than {MaxCsdBytes / 1024} KiB.");
        }

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
                if (IsStreaming)
                {
                    session.Stream = CsoundWebRtcStream.Start(
                        instance, _webRtc.Value, AudioOptions(), loggerFactory: _loggerFactory, meterFactory: _meterFactory);
                    completion = session.Stream.Completion;
                }
                else
                {
                    session.LocalPerformer = new CsoundPerformer(
                        instance,
                        new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local },
                        logger: _loggerFactory.CreateLogger<CsoundPerformer>());
                    session.LocalPerformer.Start();
                    completion = session.LocalPerformer.Completion;
                }
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

    /// <summary>Queues a MIDI message for the running session, optionally delayed.</summary>
    public void SendMidi(string id, IReadOnlyList<int>? message, double delayMs)
    {
        if (message is null || message.Count is < 2 or > 3)
        {
            throw SessionException.Invalid("Invalid MIDI message", "'message' is [status, data1, data2] (or [status, data1] for two-byte messages).");
        }

        var status = message[0];
        if (status is < 0x80 or > 0xEF)
        {
            throw SessionException.Invalid("Invalid MIDI message", $"The status byte {status} is not a channel message (128 to 239).");
        }

        for (var i = 1; i < message.Count; i++)
        {
            if (message[i] is < 0 or > 127)
            {
                throw SessionException.Invalid("Invalid MIDI message", $"Data byte {i} is {message[i]}; data bytes are 0 to 127.");
            }
        }

        if (!double.IsFinite(delayMs) || delayMs is < 0 or > 60_000)
        {
            throw SessionException.Invalid("Invalid MIDI delay", $"'delayMs' is {delayMs}; it must be from 0 to 60000.");
        }

        var instance = RunningInstance(id);
        if (!instance.TrySendMidi((byte)status, (byte)message[1], message.Count == 3 ? (byte)message[2] : (byte)0, TimeSpan.FromMilliseconds(delayMs)))
        {
            throw SessionException.Conflict("MIDI queue full", "Too many MIDI messages are waiting; send fewer at once.");
        }
    }

    /// <summary>Sets a control channel of the running session.</summary>
    public void SetChannel(string id, string name, double value)
    {
        if (!IsChannelName(name))
        {
            throw SessionException.Invalid("Invalid channel name", "A channel name is a letter or '_' followed by up to 63 letters, digits or '_'.");
        }

        if (!double.IsFinite(value))
        {
            throw SessionException.Invalid("Invalid channel value", "'value' must be a finite number.");
        }

        RunningInstance(id).SetControlChannel(name, value);
    }

    /// <summary>Turns every sounding note of the running session off.</summary>
    public void Panic(string id) => RunningInstance(id).Panic();

    /// <summary>Accepts a browser's offer for the running session's stream.</summary>
    public WebRtcAnswer AcceptOffer(string id, string offerSdp)
    {
        var session = Get(id);
        if (!IsStreaming)
        {
            throw SessionException.Conflict("Not streaming", "The host runs in local mode: audio plays on the server's audio device, not in the browser.");
        }

        var stream = session.Stream;
        if (session.State != SessionState.Running || stream is null)
        {
            throw SessionException.Conflict("Session not running", "Start the session before connecting to its audio.");
        }

        try
        {
            return stream.AcceptOffer(offerSdp);
        }
        catch (SdpException error)
        {
            throw SessionException.Invalid("Unusable SDP offer", error.Message);
        }
        catch (Exception error) when (error is WebRtcNegotiationException or ObjectDisposedException)
        {
            throw SessionException.Conflict("Offer refused", error.Message);
        }
    }

    /// <summary>Removes a listener from the session's stream (WHEP DELETE).</summary>
    public void RemoveListener(string id, string listenerId)
    {
        var stream = Get(id).Stream;
        if (stream is null || !stream.Sender.RemoveListener(listenerId))
        {
            throw new SessionException(SessionProblem.NotFound, "Listener not found", "The session has no such listener.");
        }
    }

    /// <summary>The pipeline's counters and the listeners' statistics, while the session streams.</summary>
    public (StreamingAudioStatistics? Pipeline, IReadOnlyList<WebRtcListenerStatistics> Listeners) GetAudioStatistics(string id)
    {
        var stream = Get(id).Stream;
        return stream is null ? (null, []) : (stream.AudioStatistics, stream.Sender.GetListenerStatistics());
    }

    /// <summary>Stops every session and closes the WebRTC server.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await DeleteAsync(session.Id).ConfigureAwait(false);
        }

        if (_webRtc.IsValueCreated)
        {
            _webRtc.Value.Dispose();
        }
    }

    private static bool IsChannelName(string name) =>
        name.Length is > 0 and <= 64
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private CsoundInstance RunningInstance(string id)
    {
        var session = Get(id);
        var instance = session.Instance;
        if (session.State != SessionState.Running || instance is null)
        {
            throw SessionException.Conflict("Session not running", "Start the session first.");
        }

        return instance;
    }

    private CsoundInstance Compile(string csd)
    {
        var csound = _options.Csound;
        var options = IsStreaming ? CsoundInstanceOptions.Headless() : CsoundInstanceOptions.RealtimeOutput(csound.RtAudioModule);
        options.HostMidiInput = true;
        options.MessageLevel = CsoundMessageLevel;
        options.AdditionalOptions.Add("--sample-rate=" + csound.SampleRate.ToString(CultureInfo.InvariantCulture));
        options.AdditionalOptions.Add("--ksmps=" + csound.Ksmps.ToString(CultureInfo.InvariantCulture));
        options.AdditionalOptions.Add("--nchnls=" + csound.Channels.ToString(CultureInfo.InvariantCulture));
        options.AdditionalOptions.Add("--0dbfs=" + csound.ZeroDbfs.ToString(CultureInfo.InvariantCulture));

        var instance = new CsoundInstance(options, _loggerFactory.CreateLogger("Orchestron.Csound"));
        try
        {
            instance.CompileCsdText(csd);
            return instance;
        }
        catch (CsoundCompileException error)
        {
            instance.Dispose();
            throw new SessionException(SessionProblem.InvalidCsound, "The Csound code does not compile", error.Message, error.CsoundMessages);
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private StreamingAudioOptions AudioOptions() => new()
    {
        FrameMs = _options.Streaming.FrameMs,
        QueueFramesMax = _options.Streaming.QueueFramesMax,
        QueueFramesTarget = _options.Streaming.QueueFramesTarget,
        FlushOnConnect = _options.Streaming.FlushOnConnect,
        StartupKeepFrames = _options.Streaming.StartupKeepFrames,
    };

    private UdpMediaTransport CreateUdpMediaTransport()
    {
        var serverOptions = new UdpMediaTransportOptions
        {
            UdpPort = _options.WebRtc.UdpPort,
            BindAddress = MediaBindAddress(_options.Server.Host),
        };
        if (_options.WebRtc.PublicIp is { } publicIp)
        {
            serverOptions.PublicAddresses.Add(publicIp);
        }

        if (_options.WebRtc.BackendIceServers.Count > 0)
        {
            _logger.LogInformation(
                "The WebRTC sender is ICE-lite and gathers no server-reflexive or relayed candidates, so the backend ICE servers are not used; set VISUALCSOUND_WEBRTC_PUBLIC_IP for a NAT 1:1 address, and give browsers a TURN server.");
        }

        return new UdpMediaTransport(serverOptions, _loggerFactory);
    }

    /// <summary>
    /// Media binds where HTTP binds: a host serving one IPv4 address (loopback included) streams from that
    /// address only, so ICE replies leave from the address checks arrive at; a host serving every interface
    /// (or a name or an IPv6 address) advertises every IPv4 interface and the configured public address.
    /// </summary>
    internal static IPAddress MediaBindAddress(string httpHost)
    {
        if (string.Equals(httpHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(httpHost, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? address
            : IPAddress.Any;
    }

    private async Task ReleaseAsync(HostSession session)
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
