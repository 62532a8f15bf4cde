using Microsoft.Extensions.Logging;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Csound.Worker;

/// <summary>
/// Sends the lines Csound prints to the host, cut to <see cref="WorkerProtocol.MaxLogLineChars"/> and at most
/// <see cref="MaxLines"/> of them, so a chatty CSD cannot flood the control pipe.
/// </summary>
internal sealed class ForwardingLogger(HostChannel host) : ILogger
{
    internal const int MaxLines = 2000;

    private int _sent;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var count = Interlocked.Increment(ref _sent);
        if (count > MaxLines + 1)
        {
            return;
        }

        var line = count > MaxLines ? $"(further Csound messages are not forwarded after {MaxLines} lines)" : formatter(state, exception);
        if (line.Length > WorkerProtocol.MaxLogLineChars)
        {
            line = line[..WorkerProtocol.MaxLogLineChars];
        }

        host.Send(WorkerMessageType.Log, new WorkerPayloadWriter().Byte((byte)logLevel).String(line));
    }
}
