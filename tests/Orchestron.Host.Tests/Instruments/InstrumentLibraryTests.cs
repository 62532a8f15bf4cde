using System.Globalization;
using System.Text.RegularExpressions;
using Orchestron.Host.Instruments;

namespace Orchestron.Host.Tests.Instruments;

public sealed partial class InstrumentLibraryTests
{
    public static TheoryData<string> Ids => [.. InstrumentLibrary.Shared.Instruments.Select(i => i.Id)];

    [Fact]
    public void Library_has_at_least_three_instruments_with_unique_url_safe_ids_and_one_default()
    {
        var instruments = InstrumentLibrary.Shared.Instruments;

        Assert.True(instruments.Count >= 3);
        Assert.Equal(instruments.Count, instruments.Select(i => i.Id).Distinct().Count());
        Assert.All(instruments, i => Assert.Matches("^[a-z0-9-]+$", i.Id));
        Assert.Single(instruments, i => i.IsDefault);
        Assert.Equal("nocturne", InstrumentLibrary.Shared.DefaultInstrument.Id);
        Assert.Same(instruments[0], InstrumentLibrary.Shared.DefaultInstrument);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Csd_is_a_midi_playable_stereo_instrument_that_leaves_sr_and_ksmps_to_the_host(string id)
    {
        var csd = InstrumentLibrary.Shared.GetCsd(id);

        Assert.StartsWith("<CsoundSynthesizer>", csd, StringComparison.Ordinal);
        Assert.Contains("massign 0, 1", csd, StringComparison.Ordinal);
        Assert.Contains("notnum", csd, StringComparison.Ordinal);
        Assert.Contains("veloc", csd, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^nchnls = 2$", csd);
        Assert.Matches(@"(?m)^0dbfs = 1$", csd);
        Assert.DoesNotMatch(@"(?m)^\s*(sr|ksmps|kr)\s*=", csd);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Listed_channels_match_the_csd_declarations_and_their_initial_values(string id)
    {
        Assert.True(InstrumentLibrary.Shared.TryGet(id, out var instrument));
        var csd = InstrumentLibrary.Shared.GetCsd(id);

        var declared = ChannelDeclaration().Matches(csd).ToDictionary(
            m => m.Groups["name"].Value,
            m => (Type: int.Parse(m.Groups["type"].Value, CultureInfo.InvariantCulture),
                Default: Number(m.Groups["default"].Value),
                Min: Number(m.Groups["min"].Value),
                Max: Number(m.Groups["max"].Value)));

        Assert.Equal(instrument.Channels.Select(c => c.Name).Order(), declared.Keys.Order());
        foreach (var channel in instrument.Channels)
        {
            var declaration = declared[channel.Name];
            Assert.Equal(channel.Min, declaration.Min);
            Assert.Equal(channel.Max, declaration.Max);
            Assert.Equal(channel.Default, declaration.Default);
            Assert.Equal(channel.Scale == ChannelScale.Logarithmic ? 3 : 2, declaration.Type);
            Assert.InRange(channel.Default, channel.Min, channel.Max);
            Assert.Contains(
                $"chnset {channel.Default.ToString(CultureInfo.InvariantCulture)}, \"{channel.Name}\"",
                csd,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_instrument_is_reported_with_the_ones_that_exist()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => InstrumentLibrary.Shared.GetCsd("theremin"));

        Assert.Contains("'theremin'", error.Message, StringComparison.Ordinal);
        Assert.Contains("nocturne, analog-poly, plucked-strings, velvet-pad", error.Message, StringComparison.Ordinal);
        Assert.False(InstrumentLibrary.Shared.TryGet("Nocturne", out _));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex("""chn_k "(?<name>\w+)", 1, (?<type>\d), (?<default>[\d.]+), (?<min>[\d.]+), (?<max>[\d.]+)""")]
    private static partial Regex ChannelDeclaration();
}
