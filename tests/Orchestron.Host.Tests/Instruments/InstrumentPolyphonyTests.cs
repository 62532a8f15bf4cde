using System.Globalization;
using System.Text.RegularExpressions;
using Orchestron.Host.Instruments;

namespace Orchestron.Host.Tests.Instruments;

/// <summary>Every library instrument bounds its voices: a flood of held notes steals the oldest instead of adding more.</summary>
public sealed partial class InstrumentPolyphonyTests
{
    public static TheoryData<string> Ids => [.. InstrumentLibrary.Shared.Instruments.Select(i => i.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_hundred_held_notes_sound_at_most_the_instruments_voices_and_hold_at_most_its_allocation(string id)
    {
        var text = InstrumentLibrary.Shared.GetCsd(id);
        var limit = int.Parse(VoiceLimit().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var allocation = int.Parse(Allocation().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(limit, 8, 16);
        Assert.InRange(allocation, limit, 24);

        // A hundred note-ons over half a second, none released before the count; an instrument of the test's
        // own prints the voices of instrument 1 a second later: all of them, and those not in their release.
        var notes = Enumerable.Range(0, 100).Select(i => new Note(0.1 + (i * 0.005), 3.0, 30 + (i % 70), 127));
        var csd = InstrumentLibrary.Shared.GetCsd(id)
            .Replace("</CsInstruments>", """
                instr 99
                  prints "voices %d sounding %d\n", active:i(1), active:i(1, 0, 1)
                endin
                </CsInstruments>
                """, StringComparison.Ordinal)
            .Replace("f 0 z", "i 99 1.5 0.01\nf 0 z", StringComparison.Ordinal);

        var render = CsoundCli.Render(csd, notes, 2.0);

        Assert.True(render.ExitCode == 0, $"csound exited with {render.ExitCode}:\n{render.Log}");
        var count = VoiceCount().Match(render.Log);
        Assert.True(count.Success, render.Log);
        var voices = int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
        var sounding = int.Parse(count.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(sounding, 1, limit);
        Assert.InRange(voices, sounding, allocation);
        Assert.True(render.Audio!.Peak(1.0, 2.0) > 0.01, "the newest notes do not sound");
    }

    [GeneratedRegex(@"giVoices init (\d+)")]
    private static partial Regex VoiceLimit();

    [GeneratedRegex(@"maxalloc 1, (\d+)")]
    private static partial Regex Allocation();

    [GeneratedRegex(@"voices (\d+) sounding (\d+)")]
    private static partial Regex VoiceCount();
}
