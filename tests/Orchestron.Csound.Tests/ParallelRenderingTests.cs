using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests;

public class ParallelRenderingTests
{
    [Fact]
    public async Task Two_instances_on_two_threads_render_exactly_what_one_renders_alone()
    {
        var csd = CsoundDefaults.CreateDefaultInstrumentCsd(TimeSpan.FromSeconds(3));
        var alone = RenderCsd(csd);

        var first = Task.Factory.StartNew(() => RenderCsd(csd), TaskCreationOptions.LongRunning);
        var second = Task.Factory.StartNew(() => RenderCsd(csd), TaskCreationOptions.LongRunning);
        var results = await Task.WhenAll(first, second);

        Assert.True(Signal.Rms(alone) > 0.01);
        Assert.Equal(alone, results[0]);
        Assert.Equal(alone, results[1]);
    }

    [Fact]
    public async Task Instances_compiling_at_the_same_time_on_many_threads_all_compile()
    {
        // The host's richest library instrument: its expressions make the compiler name many intermediate variables.
        var csd = File.ReadAllText(RepositoryFile("src", "Orchestron.Host", "Instruments", "nocturne.csd"));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    try
                    {
                        using var instance = Render.Headless();
                        instance.CompileCsdText(csd);
                    }
                    catch (CsoundException error)
                    {
                        failures.Enqueue(error.Message + " " + string.Join(" | ", error.CsoundMessages));
                    }
                }
            },
            TaskCreationOptions.LongRunning)));

        Assert.Empty(failures);
    }

    private static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"No Orchestron.sln above {AppContext.BaseDirectory}.");
    }

    private static double[] RenderCsd(string csd)
    {
        using var instance = Render.Headless();
        instance.CompileCsdText(csd);
        return Render.ToEnd(instance);
    }
}
