using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestron.Csound.Tests.Support;

/// <summary>Collects every log line, so tests can check what Csound said.</summary>
internal sealed class TestLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    internal IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    internal IEnumerable<string> Messages => _entries.Select(entry => entry.Message);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((logLevel, formatter(state, exception)));
}
