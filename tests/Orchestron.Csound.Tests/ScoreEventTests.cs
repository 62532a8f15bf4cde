using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests;

public class ScoreEventTests
{
    private const string ConstantOrchestra = """
        sr = 48000
        ksmps = 32
        nchnls = 1
        0dbfs = 1
        instr 1
          aLevel init p4
          out aLevel
        endin
        """;

    [Fact]
    public void A_score_event_starts_at_the_requested_sample()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(ConstantOrchestra);
        instance.ReadScore("f 0 5");
        instance.Start();
        Render.Blocks(instance, 100);
        var now = instance.CurrentTimeSamples;

        instance.ScoreEvent('i', [1, 0.5, 0.25, 0.5]);
        var samples = Render.Blocks(instance, 1500);

        Assert.Equal(3200, now);
        Assert.Equal(24000, Signal.FirstAbove(samples, 0.25));
        Assert.All(samples[24000..36000], sample => Assert.Equal(0.5, sample));
        Assert.All(samples[36000..], sample => Assert.Equal(0, sample));
    }

    [Fact]
    public void An_input_message_starts_an_event_too()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(ConstantOrchestra);
        instance.ReadScore("f 0 5");
        instance.Start();

        instance.InputMessage("i 1 0.25 0.25 0.4");
        var samples = Render.Blocks(instance, 1500);

        Assert.Equal(12000, Signal.FirstAbove(samples, 0.2));
        Assert.Equal(0.4, samples[12000]);
    }

    [Fact]
    public void Bad_events_are_rejected_with_clear_exceptions()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(ConstantOrchestra);
        Assert.Throws<InvalidOperationException>(() => instance.ScoreEvent('i', [1, 0, 1]));
        instance.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => instance.ScoreEvent('x', [1, 0, 1]));
        Assert.Throws<ArgumentException>(() => instance.ScoreEvent('i', [1, 0]));
        Assert.Throws<ArgumentException>(() => instance.ScoreEvent('i', [1, double.NaN, 1]));
        Assert.Throws<ArgumentException>(() => instance.InputMessage(" "));
    }

    [Fact]
    public void Panic_silences_every_active_instance()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(ConstantOrchestra + "\ninstr Named\n aLevel init 0.1\n out aLevel\nendin\n");
        instance.ReadScore("i1 0 10 0.2\ni1 0 10 0.3\ni \"Named\" 0 10\nf 0 20");
        instance.Start();
        var before = Render.Blocks(instance, 10);

        instance.Panic();
        var after = Render.Blocks(instance, 10);

        Assert.Equal(0.6, before[^1], 12);
        Assert.All(after, sample => Assert.Equal(0, sample));
    }
}
