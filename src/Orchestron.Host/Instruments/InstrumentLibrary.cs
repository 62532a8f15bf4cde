using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Orchestron.Host.Instruments;

/// <summary>
/// The instruments that ship inside the host as embedded CSD files. Each is played by MIDI on any channel
/// (note number, velocity, note-off), renders stereo at a full scale of 1, leaves <c>sr</c> and
/// <c>ksmps</c> to the engine options (<c>-r</c>, <c>-k</c>), and stays below -1 dBFS with eight loud notes.
/// </summary>
public sealed class InstrumentLibrary
{
    private const string ResourcePrefix = "Orchestron.Host.Instruments.";

    private static readonly InstrumentChannel Reverb =
        new("reverb", "Reverb", 0, 1, 0.3, "", ChannelScale.Linear);

    private readonly ConcurrentDictionary<string, string> _csdCache = new(StringComparer.Ordinal);

    /// <summary>The library with every built-in instrument.</summary>
    public static InstrumentLibrary Shared { get; } = new();

    /// <summary>Every instrument, the default first.</summary>
    public IReadOnlyList<InstrumentInfo> Instruments { get; } =
    [
        new(
            "nocturne",
            "Nocturne",
            "A soft FM electric piano in a warm room. Plays a slow, changing pattern by itself; "
            + "turn Pattern down to play alone.",
            IsDefault: true,
            PlaysByItself: true,
            [
                new("brightness", "Brightness", 0, 1, 0.5, "", ChannelScale.Linear),
                Reverb with { Default = 0.35 },
                new("pattern", "Pattern", 0, 1, 0.6, "", ChannelScale.Linear),
            ]),
        new(
            "analog-poly",
            "Analog Poly",
            "Warm subtractive polysynth: detuned saws through a Moog ladder filter that opens with velocity.",
            IsDefault: false,
            PlaysByItself: false,
            [
                new("cutoff", "Cutoff", 80, 12000, 1800, "Hz", ChannelScale.Logarithmic),
                new("resonance", "Resonance", 0, 0.9, 0.3, "", ChannelScale.Linear),
                Reverb with { Default = 0.25 },
            ]),
        new(
            "plucked-strings",
            "Plucked Strings",
            "A nylon-like plucked string with a wooden body and a hall. Strike harder for a brighter pluck.",
            IsDefault: false,
            PlaysByItself: false,
            [
                new("brightness", "Brightness", 0, 1, 0.6, "", ChannelScale.Linear),
                Reverb,
            ]),
        new(
            "velvet-pad",
            "Velvet Pad",
            "A slow, wide string-machine pad: detuned saws, a breathing filter, ensemble chorus and a long hall.",
            IsDefault: false,
            PlaysByItself: false,
            [
                new("cutoff", "Cutoff", 200, 8000, 1400, "Hz", ChannelScale.Logarithmic),
                new("motion", "Motion", 0, 1, 0.4, "", ChannelScale.Linear),
                Reverb with { Default = 0.5 },
            ]),
    ];

    /// <summary>The instrument a session plays when none is named.</summary>
    public InstrumentInfo DefaultInstrument => Instruments.First(i => i.IsDefault);

    /// <summary>Finds an instrument by its identifier (case-sensitive).</summary>
    public bool TryGet(string id, [MaybeNullWhen(false)] out InstrumentInfo instrument)
    {
        instrument = Instruments.FirstOrDefault(i => i.Id == id);
        return instrument is not null;
    }

    /// <summary>The instrument's CSD text.</summary>
    /// <exception cref="KeyNotFoundException">No instrument has that identifier; the message lists those that exist.</exception>
    public string GetCsd(string id)
    {
        if (!TryGet(id, out _))
        {
            throw new KeyNotFoundException(
                $"There is no instrument '{id}'; the library has: {string.Join(", ", Instruments.Select(i => i.Id))}.");
        }

        return _csdCache.GetOrAdd(id, static key =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + key + ".csd")
                ?? throw new InvalidOperationException($"The CSD of instrument '{key}' is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });
    }
}
