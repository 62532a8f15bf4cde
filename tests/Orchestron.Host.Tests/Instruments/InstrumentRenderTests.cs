using Orchestron.Host.Instruments;

namespace Orchestron.Host.Tests.Instruments;

/// <summary>Every library instrument, rendered by the real csound program with MIDI notes played into it.</summary>
public sealed class InstrumentRenderTests
{
    /// <summary>-1 dBFS.</summary>
    private const double Ceiling = 0.8913;

    public static TheoryData<string> Ids => [.. InstrumentLibrary.Shared.Instruments.Select(i => i.Id)];

    public static TheoryData<string> QuietUntilPlayed =>
        [.. InstrumentLibrary.Shared.Instruments.Where(i => !i.PlaysByItself).Select(i => i.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Two_notes_render_cleanly_at_the_host_default_rate(string id) =>
        AssertTwoNotesRenderCleanly(id, 48000, 32);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Two_notes_render_cleanly_at_another_rate_and_control_period(string id) =>
        AssertTwoNotesRenderCleanly(id, 44100, 64);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Eight_notes_struck_at_full_velocity_stay_below_minus_one_dbfs(string id)
    {
        int[] chord = [36, 48, 55, 60, 64, 67, 72, 79];

        var render = Render(id, chord.Select(n => new Note(0.1, 2.5, n, 127)), 4);

        Assert.InRange(render.Audio!.Peak(), 0.05, Ceiling);
    }

    [Theory]
    [MemberData(nameof(QuietUntilPlayed))]
    public void Instrument_is_silent_until_a_note_is_played(string id)
    {
        var render = Render(id, [new Note(1.5, 2.0, 60, 100)], 3);

        Assert.True(render.Audio!.Peak(0, 1.5) < 1e-4, $"sound before the first note: peak {render.Audio.Peak(0, 1.5)}");
        Assert.True(render.Audio.Peak(1.5, 3) > 0.01);
    }

    [Fact]
    public void Default_instrument_plays_its_pattern_with_no_notes()
    {
        var library = InstrumentLibrary.Shared;
        Assert.True(library.DefaultInstrument.PlaysByItself);

        var render = Render(library.DefaultInstrument.Id, [], 8);

        Assert.InRange(render.Audio!.Peak(), 0.01, Ceiling);
        Assert.True(render.Audio.Rms(1, 8) > 0.002, $"pattern too quiet: rms {render.Audio.Rms(1, 8)}");
    }

    [Fact]
    public void Default_instrument_with_its_pattern_channel_at_zero_is_silent_until_played_and_plays_in_tune()
    {
        // The same value a client would set through the "pattern" control channel, applied at start.
        var csd = InstrumentLibrary.Shared.GetCsd("nocturne")
            .Replace("chnset 0.6, \"pattern\"", "chnset 0, \"pattern\"", StringComparison.Ordinal);

        var render = Render(csd, [new Note(1.5, 3.0, 69, 100)], 3.5);

        Assert.True(render.Audio!.Peak(0, 1.5) < 1e-4, $"pattern still playing: peak {render.Audio.Peak(0, 1.5)}");
        Assert.InRange(render.Audio.StrongestFrequency(1.7, 2.7, 380, 500), 440 * 0.99, 440 * 1.01);
    }

    [Theory]
    [MemberData(nameof(QuietUntilPlayed))]
    public void Note_sounds_at_its_pitch(string id)
    {
        var render = Render(id, [new Note(0.1, 1.6, 69, 100)], 2);

        var frequency = render.Audio!.StrongestFrequency(0.3, 1.3, 380, 500);

        Assert.InRange(frequency, 440 * 0.99, 440 * 1.01);
    }

    [Theory]
    [MemberData(nameof(QuietUntilPlayed))]
    public void Score_event_with_note_and_velocity_plays_the_voice_at_its_pitch(string id)
    {
        var csd = InstrumentLibrary.Shared.GetCsd(id).Replace("f 0 z", "i 1 0.1 1.5 69 0.8\nf 0 z", StringComparison.Ordinal);

        var render = Render(csd, [], 2);

        Assert.True(render.Audio!.Peak(0, 0.1) < 1e-4);
        Assert.InRange(render.Audio.StrongestFrequency(0.3, 1.3, 380, 500), 440 * 0.99, 440 * 1.01);
    }

    [Theory]
    [MemberData(nameof(QuietUntilPlayed))]
    public void Harder_strike_is_louder(string id)
    {
        var soft = Render(id, [new Note(0.1, 1.0, 60, 30)], 1.5).Audio!.Rms(0.1, 1.0);
        var hard = Render(id, [new Note(0.1, 1.0, 60, 120)], 1.5).Audio!.Rms(0.1, 1.0);

        Assert.True(hard > soft * 1.5, $"velocity 120 rms {hard} is not clearly above velocity 30 rms {soft}");
    }

    private static void AssertTwoNotesRenderCleanly(string id, int sampleRate, int ksmps)
    {
        var render = Render(id, [new Note(0.1, 1.2, 60, 100), new Note(0.5, 1.5, 64, 90)], 2.5, sampleRate, ksmps);

        Assert.Equal(sampleRate, render.Audio!.SampleRate);
        Assert.Equal(2, render.Audio.Channels);
        Assert.InRange(render.Audio.Seconds, 2.4, 2.7);
        Assert.InRange(render.Audio.Peak(0.1, 1.5), 0.03, Ceiling);
    }

    private static CsoundRender Render(string idOrCsd, IEnumerable<Note> notes, double seconds, int sampleRate = 48000, int ksmps = 32)
    {
        var csd = idOrCsd.StartsWith('<') ? idOrCsd : InstrumentLibrary.Shared.GetCsd(idOrCsd);
        var render = CsoundCli.Render(csd, notes, seconds, sampleRate, ksmps);

        Assert.True(render.ExitCode == 0, $"csound exited with {render.ExitCode}:\n{render.Log}");
        Assert.Contains("0 errors in performance", render.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", render.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", render.Log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("out of range", render.Log, StringComparison.Ordinal);
        Assert.NotNull(render.Audio);
        return render;
    }
}
