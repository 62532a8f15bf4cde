using System.Diagnostics;
using Orchestron.Streaming.Engine;

namespace Orchestron.Streaming.Tests.Engine;

/// <summary>What admission counts of a session: its settled cost, which neither its start nor one slow window inflates.</summary>
public sealed class RenderShareMeterTests
{
    private static readonly long Window = RenderShareMeter.WindowTicks;

    [Fact]
    public void The_start_up_window_and_a_single_slow_window_do_not_count_and_two_costly_windows_do()
    {
        var meter = new RenderShareMeter();
        var now = Stopwatch.GetTimestamp();
        meter.BeginWindow(now, limit: 1);

        // The start: most of a core for half a second (a first call's compilation, Csound's first periods).
        var settled = RunWindow(meter, ref now, cpuShare: 0.96);
        Assert.Equal(0.96, meter.LastShare, 3);
        Assert.Equal(0, settled);

        settled = RunWindow(meter, ref now, cpuShare: 0.01);
        Assert.Equal(0, settled);

        settled = RunWindow(meter, ref now, cpuShare: 0.012);
        Assert.Equal(0.01, settled, 3);

        // One slow window alone is not what the session costs.
        settled = RunWindow(meter, ref now, cpuShare: 0.9);
        Assert.Equal(0.9, meter.LastShare, 3);
        Assert.Equal(0.012, settled, 3);

        // Twice in a row is.
        settled = RunWindow(meter, ref now, cpuShare: 0.85);
        Assert.Equal(0.85, settled, 3);
    }

    /// <summary>Charges <paramref name="cpuShare"/> of a window's time, ends the window and returns the settled share.</summary>
    private static double RunWindow(RenderShareMeter meter, ref long now, double cpuShare)
    {
        var windowNanoseconds = Window * (1e9 / Stopwatch.Frequency);
        meter.EndTurn((long)(cpuShare * windowNanoseconds), now + (Window / 2));
        now += Window;
        meter.BeginWindow(now, limit: 1);
        return meter.SettledShare;
    }
}
