using System.Diagnostics;
using System.Globalization;

namespace RenderToWav;

/// <summary>
/// A one-line progress display on stderr, shown only for renders that take a while and only on a
/// terminal (a redirected stderr gets no carriage-return noise).
/// </summary>
internal sealed class ProgressBar(TimeSpan? total)
{
    private const int Width = 30;
    private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromSeconds(0.1);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _enabled = !Console.IsErrorRedirected;
    private TimeSpan _lastDrawn = TimeSpan.MinValue;
    private bool _shown;

    internal void Report(TimeSpan rendered)
    {
        var elapsed = _clock.Elapsed;
        if (!_enabled || elapsed < ShowAfter || elapsed - _lastDrawn < RedrawEvery)
        {
            return;
        }

        _lastDrawn = elapsed;
        _shown = true;
        var seconds = rendered.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (total is { } length)
        {
            var fraction = Math.Clamp(rendered / length, 0, 1);
            var filled = (int)(fraction * Width);
            Console.Error.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {fraction,4:P0} {seconds} s ");
        }
        else
        {
            Console.Error.Write($"\rrendered {seconds} s ");
        }
    }

    internal void Done()
    {
        if (_shown)
        {
            Console.Error.Write('\r' + new string(' ', Width + 24) + '\r');
        }
    }
}
