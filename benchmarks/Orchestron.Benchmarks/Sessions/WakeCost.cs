using System.Diagnostics;
using System.Globalization;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// What waking a sleeping thread costs with each candidate signal: two threads hand a token back and forth,
/// each sleeping in between, and the run reports wall and CPU microseconds per wake-up. Spinning shows up as
/// CPU spent per wake well above the kernel's own cost.
/// </summary>
internal static class WakeCost
{
    private const int RoundTrips = 20_000;

    public static void Print()
    {
        Console.WriteLine("| wake-up signal | wall us / wake | CPU us / wake |");
        Console.WriteLine("| --- | --- | --- |");
        Measure("ManualResetEventSlim, spin count 0 (the engine's)", () => new ManualResetEventSlim(false, 0));
        Measure("ManualResetEventSlim, default spinning", () => new ManualResetEventSlim(false));
        MeasureSemaphore();
        Console.WriteLine();
    }

    private static void Measure(string name, Func<ManualResetEventSlim> create)
    {
        using var ping = create();
        using var pong = create();
        Report(name, () =>
        {
            ping.Wait();
            ping.Reset();
            pong.Set();
        }, () =>
        {
            ping.Set();
            pong.Wait();
            pong.Reset();
        });
    }

    private static void MeasureSemaphore()
    {
        using var ping = new SemaphoreSlim(0);
        using var pong = new SemaphoreSlim(0);
        Report("SemaphoreSlim", () =>
        {
            ping.Wait();
            pong.Release();
        }, () =>
        {
            ping.Release();
            pong.Wait();
        });
    }

    private static void Report(string name, Action echo, Action serve)
    {
        var echoer = new Thread(() =>
        {
            for (var i = 0; i < RoundTrips; i++)
            {
                echo();
            }
        });
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        echoer.Start();
        for (var i = 0; i < RoundTrips; i++)
        {
            serve();
        }

        echoer.Join();
        var wall = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {wall / (2 * RoundTrips):0.0} | {cpu / (2 * RoundTrips):0.0} |"));
    }
}
