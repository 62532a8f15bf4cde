using System.Text;
using Microsoft.Extensions.Logging;

namespace Orchestron.Csound;

/// <summary>
/// Joins the fragments that Csound's message-string callback delivers into lines and logs each line.
/// </summary>
/// <remarks>
/// Csound prints a line in several calls (<c>"sr = 48000.0,"</c>, <c>" kr = 1500.000,"</c>, ...) and
/// its attribute bits do not reliably say how severe a message is, so lines are classified by their
/// text. Lines are also remembered per thread while a caller captures them, so that a compile error
/// can carry exactly the lines Csound printed for it.
/// </remarks>
internal sealed class CsoundMessageLog
{
    private const int RecentErrorCapacity = 16;

    /// <summary>
    /// The longest line kept. A CSD can print without ever writing a newline; past this length the pending text
    /// is logged as a line of its own, so the buffer stays bounded however long the performance runs.
    /// </summary>
    internal const int MaxLineLength = 4096;

    private readonly ILogger _logger;
    private readonly CsoundMessageHandler? _handler;
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Queue<string> _recentErrors = new();
    private List<string>? _capture;
    private int _captureThreadId;

    internal CsoundMessageLog(ILogger logger, CsoundMessageHandler? handler = null)
    {
        _logger = logger;
        _handler = handler;
    }

    /// <summary>Adds one fragment as Csound delivered it.</summary>
    internal void Append(ReadOnlySpan<char> fragment)
    {
        lock (_gate)
        {
            foreach (var character in fragment)
            {
                if (character == '\n')
                {
                    FlushLine();
                }
                else if (character != '\r')
                {
                    _pending.Append(character);
                    if (_pending.Length >= MaxLineLength)
                    {
                        FlushLine();
                    }
                }
            }
        }
    }

    /// <summary>Logs whatever partial line is pending.</summary>
    internal void Flush()
    {
        lock (_gate)
        {
            FlushLine();
        }
    }

    /// <summary>Starts remembering the lines Csound prints on the calling thread.</summary>
    internal void BeginCapture()
    {
        lock (_gate)
        {
            _capture = [];
            _captureThreadId = Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Stops remembering lines and returns those printed since <see cref="BeginCapture"/>.</summary>
    internal IReadOnlyList<string> EndCapture()
    {
        lock (_gate)
        {
            FlushLine();
            var lines = _capture ?? [];
            _capture = null;
            return lines;
        }
    }

    /// <summary>The last lines that looked like errors, oldest first.</summary>
    internal IReadOnlyList<string> RecentErrors()
    {
        lock (_gate)
        {
            return [.. _recentErrors];
        }
    }

    private void FlushLine()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        var line = _pending.ToString().TrimEnd();
        _pending.Clear();
        if (line.Length == 0)
        {
            return;
        }

        if (_capture is not null && _captureThreadId == Environment.CurrentManagedThreadId)
        {
            _capture.Add(line);
        }

        var level = Classify(line);
        if (level >= LogLevel.Error)
        {
            if (_recentErrors.Count == RecentErrorCapacity)
            {
                _recentErrors.Dequeue();
            }

            _recentErrors.Enqueue(line);
        }

        if (_logger.IsEnabled(level))
        {
            _logger.Log(level, "{CsoundMessage}", line);
        }

        _handler?.Invoke(
            level switch
            {
                LogLevel.Error => CsoundMessageSeverity.Error,
                LogLevel.Warning => CsoundMessageSeverity.Warning,
                _ => CsoundMessageSeverity.Information,
            },
            line);
    }

    private static LogLevel Classify(string line)
    {
        var text = line.AsSpan().TrimStart();
        if (text.Contains("error", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("0 errors", StringComparison.Ordinal))
        {
            return LogLevel.Error;
        }

        if (text.StartsWith("WARNING", StringComparison.OrdinalIgnoreCase))
        {
            return LogLevel.Warning;
        }

        return LogLevel.Debug;
    }
}
