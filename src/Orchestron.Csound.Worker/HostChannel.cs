using Orchestron.Streaming.Sandbox;

namespace Orchestron.Csound.Worker;

/// <summary>The worker's end of the control pipe: messages in on stdin, out on stdout, written by one thread at a time.</summary>
internal sealed class HostChannel(Stream input, Stream output)
{
    private readonly Lock _writing = new();

    internal (WorkerMessageType Type, byte[] Payload)? Read() => WorkerProtocol.Read(input, WorkerProtocol.MaxHostMessageBytes);

    internal void Send(WorkerMessageType type, WorkerPayloadWriter? payload = null)
    {
        lock (_writing)
        {
            WorkerProtocol.Write(output, type, payload is null ? default : payload.ToSpan(), WorkerProtocol.MaxWorkerMessageBytes);
        }
    }
}
