using System.Diagnostics;
using System.Globalization;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// What waking a sleeping worker costs with each candidate signal, in the engine's pattern: the worker waits
/// for work that comes a millisecond later (so it truly goes to sleep), as a render worker waits for the pacer.
/// Spinning before blocking shows up as CPU per wake-up above the kernel's own cost; the waker's own sleeps are
/// the same for every signal.
/// </summary>
internal static class WakeCost
{
    private const int Wakes = 1000;

    public static void Print()
    {
        Console.WriteLine("| wake-up signal (worker sleeps ~1 ms between wakes) | process CPU us / wake |");
        Console.WriteLine("| --- | --- |");
        Measure("ManualResetEventSlim, spin count 0 (the engine's)", () => new ManualResetEventSlim(false, 0));
        Measure("ManualResetEventSlim, default spinning", () => new ManualResetEventSlim(false));
        using (var semaphore = new SemaphoreSlim(0))
        {
            Report("SemaphoreSlim", _ => semaphore.Wait(), () => semaphore.Release());
        }

        Console.WriteLine();
    }

    private static void Measure(string name, Func<ManualResetEventSlim> create)
    {
        using var signal = create();
        var posted = 0;

        // An event is not a counter: the worker resets it, then looks at the count again before it sleeps, so a
        // wake-up that arrives in between is not lost.
        Report(name, served =>
        {
            while (Volatile.Read(ref posted) <= served)
            {
                signal.Reset();
                if (Volatile.Read(ref posted) > served)
                {
                    break;
                }

                signal.Wait();
            }
        }, () =>
        {
            Interlocked.Increment(ref posted);
            signal.Set();
        });
    }

    private static void Report(string name, Action<int> wait, Action wake)
    {
        var worker = new Thread(() =>
        {
            for (var i = 0; i < Wakes; i++)
            {
                wait(i);
            }
        });
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        worker.Start();
        for (var i = 0; i < Wakes; i++)
        {
            Thread.Sleep(1);
            wake();
        }

        worker.Join();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {cpu / Wakes:0.0} |"));
    }
}
