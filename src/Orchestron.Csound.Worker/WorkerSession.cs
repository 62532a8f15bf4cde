using Orchestron.Streaming.Sandbox;

namespace Orchestron.Csound.Worker;

/// <summary>
/// The worker's one session: answers the host's control messages, compiles the CSD, and performs it into the
/// shared ring, rendering only while the ring holds less than its lead (the host's pacer is the clock).
/// </summary>
internal sealed class WorkerSession(HostChannel host) : IDisposable
{
    private readonly CsoundLineForwarder _lines = new(host);
    private SharedAudioRegion? _region;
    private SharedAudioProducer? _producer;
    private CsoundInstance? _instance;
    private CsoundPerformer? _performer;

    /// <summary>Serves messages until a stop or the end of the pipe; returns the exit code.</summary>
    internal int Run()
    {
        while (host.Read() is { } message)
        {
            var payload = new WorkerPayloadReader(message.Payload);
            switch (message.Type)
            {
                case WorkerMessageType.Hello:
                    Hello(payload);
                    break;
                case WorkerMessageType.Compile:
                    Compile(payload);
                    break;
                case WorkerMessageType.Start:
                    payload.End();
                    Start();
                    break;
                case WorkerMessageType.Stop:
                    payload.End();
                    Stop();
                    return 0;
                case WorkerMessageType.Midi:
                    var (status, data1, data2, delay) = (payload.Byte(), payload.Byte(), payload.Byte(), payload.Double());
                    payload.End();
                    _instance?.TrySendMidi(status, data1, data2, TimeSpan.FromSeconds(Math.Clamp(delay, 0, 60)));
                    break;
                case WorkerMessageType.SetChannel:
                    var (name, value) = (payload.String(), payload.Double());
                    payload.End();
                    _instance?.SetControlChannel(name, value);
                    break;
                case WorkerMessageType.ScoreEvent:
                    var line = payload.String();
                    payload.End();
                    _instance?.InputMessage(line);
                    break;
                case WorkerMessageType.Panic:
                    payload.End();
                    _performer?.Post(static instance => instance.Panic());
                    break;
                default:
                    throw new InvalidDataException($"The host sent a {message.Type} message, which only a worker sends.");
            }
        }

        // The host closed the pipe (or died): stop at once.
        Stop();
        return 0;
    }

    public void Dispose()
    {
        _instance?.Dispose();
        _region?.Dispose();
    }

    private void Hello(WorkerPayloadReader payload)
    {
        var version = payload.Int();
        var regionPath = payload.String();
        payload.End();
        if (version != WorkerProtocol.Version)
        {
            throw new InvalidDataException($"The host speaks protocol version {version}; this worker speaks {WorkerProtocol.Version}.");
        }

        _region = SharedAudioRegion.Open(regionPath);
        _producer = new SharedAudioProducer(_region);
        host.Send(WorkerMessageType.Hello, new WorkerPayloadWriter().Int(WorkerProtocol.Version).Int(Environment.ProcessId));
    }

    private void Compile(WorkerPayloadReader payload)
    {
        var csd = payload.String();
        var optionCount = payload.Int();
        var options = CsoundInstanceOptions.Headless();
        options.HostMidiInput = true;
        options.MessageHandler = _lines.OnMessage;
        for (var i = 0; i < optionCount; i++)
        {
            options.AdditionalOptions.Add(payload.String());
        }

        payload.End();
        _instance?.Dispose();
        _instance = null;
        CsoundInstance? instance = null;

        // While a CSD that includes files compiles, Csound's lines may quote those files: none is forwarded.
        _lines.Paused = CompileErrorLines.Includes(csd);
        try
        {
            instance = new CsoundInstance(options);
            instance.CompileCsdText(csd);
            _instance = instance;
            host.Send(WorkerMessageType.CompileOk);
        }
        catch (Exception error) when (error is CsoundException or ArgumentException)
        {
            instance?.Dispose();
            var messages = CompileErrorLines.Select(csd, error is CsoundException csound ? csound.CsoundMessages : [], WorkerProtocol.MaxLogLineChars);
            // A Csound exception's message carries Csound's raw lines; the host adds the selected ones to this again.
            var summary = error is CsoundException ? "Csound could not compile the CSD." : error.Message;
            var reply = new WorkerPayloadWriter().String(summary).Int(messages.Count);
            foreach (var line in messages)
            {
                reply.String(line);
            }

            host.Send(WorkerMessageType.CompileError, reply);
        }
        finally
        {
            _lines.Paused = false;
        }
    }

    private void Start()
    {
        if (_instance is null || _producer is null || _performer is not null)
        {
            host.Send(WorkerMessageType.Error, new WorkerPayloadWriter().String("Start needs a compiled CSD and no running performance."));
            return;
        }

        try
        {
            _instance.Start();
            _performer = new CsoundPerformer(
                _instance,
                new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming, ThreadName = "Csound worker render" },
                new WorkerSpoutSink(_producer));
            _performer.Completion.ContinueWith(
                done => host.Send(
                    WorkerMessageType.Ended,
                    new WorkerPayloadWriter().Byte((byte)done.Result.Outcome).String(done.Result.Error?.Message ?? string.Join(" ", done.Result.CsoundMessages))),
                TaskScheduler.Default);
            _performer.Start();
            var format = _instance.Format;
            host.Send(WorkerMessageType.Started, new WorkerPayloadWriter().Double(format.SampleRate).Int(format.Ksmps).Int(format.Channels));
        }
        catch (CsoundException error)
        {
            host.Send(WorkerMessageType.Error, new WorkerPayloadWriter().String(error.Message));
        }
    }

    private void Stop()
    {
        if (_performer is not null)
        {
            // The render thread may sleep on the futex: stopping cancels that wait at once.
            _performer.StopAsync().Wait(TimeSpan.FromSeconds(5));
        }
    }
}
