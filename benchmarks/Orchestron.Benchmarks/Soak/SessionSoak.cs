using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host;
using Orchestron.Host.Sessions;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Soak;

/// <summary>
/// Runs the host's session lifecycle (create, start, stop, delete) many times in this process, with a listener
/// on every tenth session, and reports what stays behind: managed bytes retained per cycle after full
/// collections, and the thread count. A lifecycle that releases everything retains close to nothing.
/// </summary>
internal static class SessionSoak
{
    private const int WarmUpCycles = 100;
    private const int ReportEvery = 1000;

    public static async Task RunAsync(int cycles)
    {
        await using var app = OrchestronHostApp.Build(["--host", "127.0.0.1", "--port", "0"], new Dictionary<string, string?>());
        var manager = app.Services.GetRequiredService<SessionManager>();
        for (var i = 0; i < WarmUpCycles; i++)
        {
            await CycleAsync(manager, withListener: i % 10 == 0);
        }

        var baselineBytes = ManagedBytes();
        var baselineThreads = Process.GetCurrentProcess().Threads.Count;
        Console.WriteLine("| cycles | managed heap after full GC | retained per cycle | threads | time per cycle |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Print(0, baselineBytes, baselineBytes, baselineThreads, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            await CycleAsync(manager, withListener: cycle % 10 == 0);
            if (cycle % ReportEvery == 0 || cycle == cycles)
            {
                Print(cycle, ManagedBytes(), baselineBytes, Process.GetCurrentProcess().Threads.Count, clock.Elapsed / cycle);
            }
        }
    }

    private static async Task CycleAsync(SessionManager manager, bool withListener)
    {
        var session = manager.Create("nocturne", null);
        await manager.StartAsync(session.Id);
        if (withListener)
        {
            using var listener = new LoopbackListener();
            listener.Start(new SessionListeners(manager).AcceptOffer(session.Id, listener.Offer()).Sdp);
            var patience = Stopwatch.StartNew();
            while (Interlocked.Read(ref listener.MediaPackets) == 0 && patience.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(5);
            }
        }

        await manager.StopAsync(session.Id);
        await manager.DeleteAsync(session.Id);
    }

    private static long ManagedBytes()
    {
        // Twice, so that objects freed by finalizers in the first pass are gone in the second.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Print(int cycle, long bytes, long baseline, int threads, TimeSpan perCycle) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {cycle} | {bytes / 1024.0 / 1024.0:0.00} MiB | {(cycle == 0 ? 0 : (bytes - baseline) / (double)cycle):0} B | {threads} | {perCycle.TotalMilliseconds:0.0} ms |"));
}
