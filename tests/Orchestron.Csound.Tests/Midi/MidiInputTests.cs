using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests.Midi;

public class MidiInputTests
{
    private const string Orchestra = """
        sr = 48000
        ksmps = 32
        nchnls = 1
        0dbfs = 1
        massign 0, 2
        instr 2
          iFrequency cpsmidi
          out oscili(0.5, iFrequency)
        endin
        """;

    private static CsoundInstance StartMidiInstance()
    {
        var instance = Render.Headless(hostMidi: true);
        instance.CompileOrchestra(Orchestra);
        instance.ReadScore("f 0 30");
        instance.Start();
        return instance;
    }

    [Fact]
    public void Note_on_starts_the_assigned_instrument_at_its_pitch_and_note_off_ends_it()
    {
        using var instance = StartMidiInstance();
        var silence = Render.Blocks(instance, 100);

        instance.SendMidi(0x90, 69, 100);
        var note = Render.Blocks(instance, 1500);
        instance.SendMidi(0x80, 69, 0);
        Render.Blocks(instance, 2);
        var after = Render.Blocks(instance, 100);

        Assert.All(silence, sample => Assert.Equal(0, sample));
        Assert.InRange(Signal.Frequency(note, 48000), 439, 441);
        Assert.InRange(Signal.Rms(note.AsSpan(64)), 0.3536 * 0.99, 0.3536 * 1.01);
        Assert.All(after, sample => Assert.Equal(0, sample));
    }

    [Fact]
    public void Another_note_number_gives_another_pitch()
    {
        using var instance = StartMidiInstance();
        instance.SendMidi(0x91, 81, 90);
        var note = Render.Blocks(instance, 1500);

        Assert.InRange(Signal.Frequency(note, 48000), 879, 881);
    }

    [Fact]
    public void A_delayed_note_on_arrives_in_the_control_period_it_is_due()
    {
        using var instance = StartMidiInstance();
        Render.Blocks(instance, 10);

        instance.SendMidi(0x90, 69, 100, TimeSpan.FromSeconds(0.25));
        instance.SendMidi(0x90, 81, 100);
        var samples = Render.Blocks(instance, 1500);

        // The undelayed note plays at once; the delayed one joins 12000 frames later, within a control period.
        var firstSecondHalf = samples.AsSpan(0, 11968);
        Assert.InRange(Signal.Frequency(firstSecondHalf[64..], 48000), 879, 881);
        var withBoth = samples.AsSpan(12032 + 64, 24000);
        Assert.InRange(Signal.Rms(withBoth), 0.5 * 0.99, 0.5 * 1.01);
        Assert.InRange(Signal.Rms(firstSecondHalf[64..]), 0.3536 * 0.99, 0.3536 * 1.01);
    }

    [Fact]
    public void A_panic_cancels_delayed_note_ons_and_a_note_after_it_still_plays()
    {
        using var instance = StartMidiInstance();
        Render.Blocks(instance, 10);
        instance.SendMidi(0x90, 69, 100, TimeSpan.FromSeconds(0.1));
        instance.SendMidi(0x90, 72, 100, TimeSpan.FromSeconds(0.2));
        Render.Blocks(instance, 10);

        instance.Panic();
        instance.SendMidi(0x90, 81, 100, TimeSpan.FromSeconds(0.3));
        var samples = Render.Blocks(instance, 1500);

        // Nothing until the note sent after the panic is due, 14400 frames on; then that note alone.
        Assert.All(samples.AsSpan(0, 14000).ToArray(), sample => Assert.Equal(0, sample));
        Assert.InRange(Signal.Frequency(samples.AsSpan(14500 + 64), 48000), 879, 881);
    }

    [Fact]
    public void Midi_from_many_threads_is_all_delivered()
    {
        using var instance = StartMidiInstance();
        var notes = Enumerable.Range(40, 8).ToArray();

        Parallel.ForEach(notes, note => instance.SendMidi(0x90, (byte)note, 100));
        Render.Blocks(instance, 10);
        Parallel.ForEach(notes, note => instance.SendMidi(0x80, (byte)note, 0));
        Render.Blocks(instance, 3);
        var after = Render.Blocks(instance, 50);

        Assert.All(after, sample => Assert.Equal(0, sample));
    }

    [Fact]
    public void Host_midi_input_still_works_after_a_reset()
    {
        using var instance = StartMidiInstance();
        instance.SendMidi(0x90, 69, 100);
        Render.Blocks(instance, 10);
        instance.Cleanup();
        instance.Reset();
        instance.CompileOrchestra(Orchestra);
        instance.ReadScore("f 0 30");
        instance.Start();

        instance.SendMidi(0x90, 76, 100);
        var note = Render.Blocks(instance, 1500);

        Assert.InRange(Signal.Frequency(note, 48000), 658, 661);
    }

    [Fact]
    public void Invalid_midi_and_midi_without_host_input_are_rejected()
    {
        using var withMidi = StartMidiInstance();
        Assert.Throws<ArgumentOutOfRangeException>(() => withMidi.SendMidi(0x40, 60, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => withMidi.SendMidi(0xF8, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => withMidi.SendMidi(0x90, 128, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => withMidi.SendMidi(0x90, 60, 100, TimeSpan.FromSeconds(-1)));

        using var withoutMidi = Render.Headless();
        var error = Assert.Throws<InvalidOperationException>(() => withoutMidi.SendMidi(0x90, 60, 100));
        Assert.Contains(nameof(CsoundInstanceOptions.HostMidiInput), error.Message);
    }
}
