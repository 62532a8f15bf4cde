using Orchestron.Csound;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Csound.Worker;

/// <summary>
/// Sends the warnings and errors Csound prints to the host, cut to <see cref="WorkerProtocol.MaxLogLineChars"/> and
/// at most <see cref="MaxLines"/> of them, so a chatty CSD cannot flood the control pipe.
/// </summary>
internal sealed class CsoundLineForwarder(HostChannel host)
{
    internal const int MaxLines = 2000;

    private int _sent;

    /// <summary>While true, lines are dropped instead of sent.</summary>
    internal bool Paused { get; set; }

    /// <summary>A <see cref="CsoundMessageHandler"/>: ordinary lines (a CSD's own prints) stay in the worker.</summary>
    internal void OnMessage(CsoundMessageSeverity severity, string line)
    {
        if (severity == CsoundMessageSeverity.Information || Paused)
        {
            return;
        }

        var count = Interlocked.Increment(ref _sent);
        if (count > MaxLines + 1)
        {
            return;
        }

        if (count > MaxLines)
        {
            line = $"(further Csound messages are not forwarded after {MaxLines} lines)";
        }
        else if (line.Length > WorkerProtocol.MaxLogLineChars)
        {
            line = line[..WorkerProtocol.MaxLogLineChars];
        }

        var level = severity == CsoundMessageSeverity.Error ? WorkerProtocol.LogLevelError : WorkerProtocol.LogLevelWarning;
        host.Send(WorkerMessageType.Log, new WorkerPayloadWriter().Byte(level).String(line));
    }
}
