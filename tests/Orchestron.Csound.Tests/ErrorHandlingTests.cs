using System.Runtime.CompilerServices;
using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests;

public class ErrorHandlingTests
{
    [Fact]
    public void Invalid_orchestra_raises_csounds_own_message_and_the_process_carries_on()
    {
        var instance = Render.Headless();
        var error = Assert.Throws<CsoundCompileException>(() => instance.CompileOrchestra("""
            instr 1
              aSignal oscilator_that_does_not_exist 0.5, 440
              out aSignal
            endin
            """));

        Assert.Contains(error.CsoundMessages, line => line.Contains("error", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(error.CsoundMessages, line => line.Contains("oscilator_that_does_not_exist", StringComparison.Ordinal));
        Assert.Contains("oscilator_that_does_not_exist", error.Message, StringComparison.Ordinal);
        instance.Dispose();

        using var next = Render.Headless();
        next.CompileOrchestra(Render.SineOrchestra(48000, 32, 1));
        next.ReadScore("i1 0 0.1");
        Assert.Equal(4800, Render.ToEnd(next).Length);
    }

    [Fact]
    public void An_invalid_csd_raises_the_compile_exception()
    {
        using var instance = Render.Headless();
        var error = Assert.Throws<CsoundCompileException>(() => instance.CompileCsdText("""
            <CsoundSynthesizer>
            <CsInstruments>
            instr 1
              out nonsense(
            endin
            </CsInstruments>
            <CsScore>
            i1 0 1
            </CsScore>
            </CsoundSynthesizer>
            """));
        Assert.NotEmpty(error.CsoundMessages);
        Assert.Throws<ArgumentException>(() => instance.CompileCsdText("instr 1\nendin"));
    }

    [Fact]
    public void Code_that_would_exit_the_process_is_refused()
    {
        using var instance = Render.Headless();
        var error = Assert.Throws<ArgumentException>(() => instance.CompileOrchestra("instr 9\n exitnow 3\nendin\n"));
        Assert.Contains(nameof(CsoundInstanceOptions.AllowExitNow), error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => instance.CompileCsdText(
            "<CsoundSynthesizer><CsInstruments>instr 1\nexitnow\nendin</CsInstruments></CsoundSynthesizer>"));

        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 1) + "\n; an instrument named exitnowish is fine\ninstr exitnowish\nendin\n");
    }

    [Fact]
    public void Dispose_twice_is_safe_and_later_calls_say_the_instance_is_disposed()
    {
        var instance = Render.Headless();
        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
        instance.Start();
        instance.Dispose();
        instance.Dispose();

        Assert.Throws<ObjectDisposedException>(() => instance.PerformKsmps());
        Assert.Throws<ObjectDisposedException>(() => instance.Spout.Length);
        Assert.Throws<ObjectDisposedException>(() => instance.CompileOrchestra("instr 1\nendin"));
        Assert.Throws<ObjectDisposedException>(() => instance.SetControlChannel("x", 1));
        Assert.Throws<ObjectDisposedException>(() => instance.Start());
        Assert.Throws<ObjectDisposedException>(() => instance.Reset());
    }

    [Fact]
    public void Calls_on_an_unstarted_instance_say_so()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));

        var perform = Assert.Throws<InvalidOperationException>(() => instance.PerformKsmps());
        Assert.Contains("Start()", perform.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => instance.Spout.Length);
        Assert.Throws<InvalidOperationException>(() => instance.Format);
        Assert.Throws<InvalidOperationException>(() => instance.InputMessage("i1 0 1"));

        instance.Start();
        Assert.Throws<InvalidOperationException>(() => instance.Start());
        instance.Cleanup();
        Assert.Throws<InvalidOperationException>(() => instance.PerformKsmps());
    }

    [Fact]
    public void Reset_allows_a_new_orchestra()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
        instance.ReadScore("i1 0 0.5");
        Assert.Equal(48000, Render.ToEnd(instance).Length);
        instance.Cleanup();

        instance.Reset();
        instance.CompileOrchestra(Render.SineOrchestra(44100, 100, 1, frequency: 880));
        instance.ReadScore("i1 0 1");
        var samples = Render.ToEnd(instance);
        Assert.Equal(44100, samples.Length);
        Assert.InRange(Signal.Frequency(samples, 44100), 879, 881);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var badOption = new CsoundInstanceOptions();
        badOption.AdditionalOptions.Add("no-dash");
        var error = Assert.Throws<ArgumentException>(() => new CsoundInstance(badOption));
        Assert.Contains("no-dash", error.Message, StringComparison.Ordinal);

        var midiConflict = new CsoundInstanceOptions { HostMidiInput = true, MidiInputDevice = "a" };
        error = Assert.Throws<ArgumentException>(() => new CsoundInstance(midiConflict));
        Assert.Equal(nameof(CsoundInstanceOptions.HostMidiInput), error.ParamName);

        var buffer = new CsoundInstanceOptions { HardwareBufferFrames = -5 };
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new CsoundInstance(buffer));
        Assert.Equal(nameof(CsoundInstanceOptions.HardwareBufferFrames), error.ParamName);

        var environment = new CsoundInstanceOptions();
        environment.Environment["BAD NAME"] = "x";
        Assert.Throws<ArgumentException>(() => new CsoundInstance(environment));
    }

    [Fact]
    public void Options_become_one_argument_each()
    {
        var options = CsoundInstanceOptions.RealtimeOutput("jack");
        options.SoftwareBufferFrames = 256;
        options.HardwareBufferFrames = 1024;
        options.HostMidiInput = true;
        options.MessageLevel = 0;
        options.Environment["SSDIR"] = "/tmp/samples dir";
        options.AdditionalOptions.Add("-+jack_client=orchestron");

        Assert.Equal(
            ["-odac", "-d", "-+rtaudio=jack", "-M0", "-b256", "-B1024", "-m0", "--env:SSDIR=/tmp/samples dir", "-+jack_client=orchestron"],
            options.ToArguments());
        Assert.Equal(["-n", "-d"], CsoundInstanceOptions.Headless().ToArguments());
    }

    [Fact]
    public void A_caught_null_reference_exception_after_csound_is_loaded_does_not_kill_the_process()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
        instance.ReadScore("i1 0 0.1");
        instance.Start();
        instance.PerformKsmps();

        // A real null dereference: the runtime turns the SIGSEGV into the exception only if Csound
        // has not replaced the signal handler.
        var caught = Assert.Throws<NullReferenceException>(() => LengthOf(null));
        Assert.Equal(nameof(LengthOf), caught.TargetSite?.Name);
        Assert.False(instance.PerformKsmps());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int LengthOf(string? text) => text!.Length;
}
