using Orchestron.Csound.Tests.Support;
using Xunit.Abstractions;

namespace Orchestron.Csound.Tests;

[Collection(SerialCollection.Name)]
public class MemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void Five_hundred_create_compile_start_dispose_cycles_do_not_grow_resident_memory()
    {
        const int warmUp = 50;
        const int cycles = 500;
        var orchestra = Render.SineOrchestra(48000, 32, 2);

        for (var cycle = 0; cycle < warmUp; cycle++)
        {
            RunCycle(orchestra);
        }

        var before = ResidentBytes();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            RunCycle(orchestra);
        }

        var after = ResidentBytes();
        output.WriteLine($"Resident memory after {warmUp} warm-up cycles: {before / 1024} KiB; after {cycles} more: {after / 1024} KiB ({(after - before) * 100.0 / before:0.0}%).");
        Assert.True(after < before * 1.10, $"Resident memory grew from {before / 1024} KiB to {after / 1024} KiB.");
    }

    private static void RunCycle(string orchestra)
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(orchestra);
        instance.ReadScore("i1 0 1");
        instance.Start();
        for (var block = 0; block < 10; block++)
        {
            instance.PerformKsmps();
        }
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
