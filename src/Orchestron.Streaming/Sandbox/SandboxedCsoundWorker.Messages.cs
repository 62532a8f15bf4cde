using Microsoft.Extensions.Logging;
using Orchestron.Csound;

namespace Orchestron.Streaming.Sandbox;

/// <summary>The control pipe's two directions: the worker's messages read and checked, the host's queued and written.</summary>
public sealed partial class SandboxedCsoundWorker
{
    private async Task ReadErrorsAsync()
    {
        // Bounded: lines are cut and only the last few are kept.
        var errors = _process.StandardError;
        while (await errors.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            Remember(line.Length > WorkerProtocol.MaxLogLineChars ? line[..WorkerProtocol.MaxLogLineChars] : line);
        }
    }

    private void ReadMessages(Stream output)
    {
        try
        {
            while (WorkerProtocol.Read(output, WorkerProtocol.MaxWorkerMessageBytes) is { } message)
            {
                Dispatch(message);
            }
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            Kill("it broke the control protocol: " + error.Message);
        }
    }

    private void Dispatch((WorkerMessageType Type, byte[] Payload) message)
    {
        switch (message.Type)
        {
            case WorkerMessageType.Log:
                var reader = new WorkerPayloadReader(message.Payload);
                var level = (LogLevel)reader.Byte();
                var line = reader.String();
                reader.End();
                if (line.Length > WorkerProtocol.MaxLogLineChars || level > LogLevel.Critical)
                {
                    throw new InvalidDataException("A log message is out of bounds.");
                }

                Remember(line);
                _logger.Log(level, "Csound worker: {Line}", line);
                break;
            case WorkerMessageType.Ended:
                var ended = new WorkerPayloadReader(message.Payload);
                var outcome = (CsoundPerformanceOutcome)ended.Byte();
                var text = ended.String();
                ended.End();
                if (!Enum.IsDefined(outcome))
                {
                    throw new InvalidDataException("An ended message carries an unknown outcome.");
                }

                _ended.TrySetResult(new CsoundPerformanceResult(
                    outcome, 0, outcome == CsoundPerformanceOutcome.Failed ? new CsoundException(text) : null, []));
                break;
            case WorkerMessageType.Hello or WorkerMessageType.CompileOk or WorkerMessageType.CompileError
                or WorkerMessageType.Started or WorkerMessageType.Error:
                var reply = Volatile.Read(ref _reply) ?? throw new InvalidDataException($"A {message.Type} message came when nothing was asked.");
                reply.TrySetResult(message);
                break;
            default:
                throw new InvalidDataException($"The worker sent a {message.Type} message, which only the host sends.");
        }
    }

    private void Send(WorkerMessageType type, WorkerPayloadWriter? payload)
    {
        if (!TrySend(type, payload))
        {
            throw new InvalidOperationException($"{MaxQueuedMessages} messages already wait for the Csound worker.");
        }
    }

    private bool TrySend(WorkerMessageType type, WorkerPayloadWriter? payload)
    {
        if (_exited.Task.IsCompleted || _outgoing.IsAddingCompleted)
        {
            throw new InvalidOperationException("The Csound worker has exited.");
        }

        var body = payload is null ? ReadOnlySpan<byte>.Empty : payload.ToSpan();
        if (body.Length + 1 > WorkerProtocol.MaxHostMessageBytes)
        {
            throw new InvalidDataException($"A {type} message of {body.Length + 1} bytes exceeds the limit of {WorkerProtocol.MaxHostMessageBytes}.");
        }

        var frame = new byte[body.Length + 1];
        frame[0] = (byte)type;
        body.CopyTo(frame.AsSpan(1));
        try
        {
            return _outgoing.TryAdd(frame);
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException("The Csound worker has exited.");
        }
    }

    /// <summary>The writer thread: the only one that touches the worker's stdin, so a full pipe blocks nobody else.</summary>
    private void WriteMessages(Stream input)
    {
        try
        {
            foreach (var frame in _outgoing.GetConsumingEnumerable())
            {
                WorkerProtocol.Write(input, (WorkerMessageType)frame[0], frame.AsSpan(1), WorkerProtocol.MaxHostMessageBytes);
            }
        }
        catch (IOException)
        {
            // The worker closed its end: it is exiting, and its exit is reported by the process.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while writing.
        }
    }
}
