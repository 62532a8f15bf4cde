using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests;

public class ControlChannelTests
{
    private const string Orchestra = """
        sr = 48000
        ksmps = 32
        nchnls = 1
        0dbfs = 1
        instr 1
          kAmplitude chnget "amplitude"
          out oscili(kAmplitude, 440)
          chnset kAmplitude * 2, "doubled"
        endin
        """;

    [Fact]
    public void Setting_a_channel_by_name_changes_the_level()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(Orchestra);
        instance.ReadScore("i1 0 10");
        instance.Start();

        instance.SetControlChannel("amplitude", 0.2);
        var quiet = Render.Blocks(instance, 1500);
        instance.SetControlChannel("amplitude", 0.4);
        var loud = Render.Blocks(instance, 1500);

        Assert.InRange(Signal.Rms(quiet), 0.2 * 0.7071 * 0.99, 0.2 * 0.7071 * 1.01);
        Assert.InRange(Signal.Rms(loud), 0.4 * 0.7071 * 0.99, 0.4 * 0.7071 * 1.01);
        Assert.Equal(0.8, instance.GetControlChannel("doubled"), 12);
    }

    [Fact]
    public void A_cached_channel_handle_reads_and_writes_the_same_storage()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(Orchestra);
        instance.ReadScore("i1 0 10");
        instance.Start();

        var amplitude = instance.GetControlChannelHandle("amplitude");
        var doubled = instance.GetControlChannelHandle("doubled");
        amplitude.Value = 0.25;
        var samples = Render.Blocks(instance, 1500);

        Assert.Equal("amplitude", amplitude.Name);
        Assert.Equal(0.25, instance.GetControlChannel("amplitude"));
        Assert.Equal(0.5, doubled.Value, 12);
        Assert.InRange(Signal.Rms(samples), 0.25 * 0.7071 * 0.99, 0.25 * 0.7071 * 1.01);
    }

    [Fact]
    public void A_handle_from_before_a_reset_or_dispose_throws_instead_of_touching_freed_memory()
    {
        var instance = Render.Headless();
        instance.CompileOrchestra(Orchestra);
        instance.Start();
        var amplitude = instance.GetControlChannelHandle("amplitude");

        instance.Reset();
        Assert.Throws<InvalidOperationException>(() => amplitude.Value = 1);

        instance.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = amplitude.Value);
        Assert.Throws<InvalidOperationException>(() => _ = default(CsoundControlChannel).Value);
    }

    [Fact]
    public void Channel_names_are_validated()
    {
        using var instance = Render.Headless();
        Assert.Throws<ArgumentException>(() => instance.SetControlChannel("", 1));
        Assert.Throws<ArgumentException>(() => instance.SetControlChannel("two words", 1));
        Assert.Throws<ArgumentNullException>(() => instance.GetControlChannel(null!));
    }
}
