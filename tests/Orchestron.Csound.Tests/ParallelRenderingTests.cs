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

    private static double[] RenderCsd(string csd)
    {
        using var instance = Render.Headless();
        instance.CompileCsdText(csd);
        return Render.ToEnd(instance);
    }
}
