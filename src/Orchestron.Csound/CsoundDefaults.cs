using System.Globalization;

namespace Orchestron.Csound;

/// <summary>The instrument that ships with the package, for samples, smoke tests and a host's first sound.</summary>
public static class CsoundDefaults
{
    private const string ResourceName = "Orchestron.Csound.DefaultInstrument.csd";
    private const string ScoreStart = "<CsScore>";
    private const string ScoreEnd = "</CsScore>";

    private static readonly Lazy<string> Csd = new(LoadCsd);

    /// <summary>
    /// A pleasant default CSD (sr 48000, ksmps 32, stereo, 0dbfs 1): an A minor - F - C - G progression
    /// with a pad, a plucked arpeggio and reverb, 16 seconds plus a reverb tail. Control channels
    /// <c>volume</c> and <c>brightness</c> (0..1); MIDI input on any channel plays the <c>Keys</c> instrument.
    /// </summary>
    public static string DefaultInstrumentCsd => Csd.Value;

    /// <summary>The default CSD with its score changed to play for <paramref name="duration"/>, or forever when <see langword="null"/>.</summary>
    /// <param name="duration">How long the progression plays (a reverb tail of two seconds follows), or <see langword="null"/> to play until stopped.</param>
    public static string CreateDefaultInstrumentCsd(TimeSpan? duration)
    {
        string score;
        if (duration is { } length)
        {
            if (length <= TimeSpan.Zero || length > TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive and at most one day.");
            }

            var seconds = length.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
            var withTail = (length.TotalSeconds + 2).ToString("0.######", CultureInfo.InvariantCulture);
            score = $"\ni \"Reverb\" 0 {withTail}\ni \"Conductor\" 0 {seconds}\n";
        }
        else
        {
            // A negative p3 holds a note until it is turned off; f0 keeps the score open for live events.
            score = "\nf 0 z\ni \"Reverb\" 0 -1\ni \"Conductor\" 0 -1\n";
        }

        var text = DefaultInstrumentCsd;
        var start = text.IndexOf(ScoreStart, StringComparison.Ordinal) + ScoreStart.Length;
        var end = text.IndexOf(ScoreEnd, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, start), score, text.AsSpan(end));
    }

    private static string LoadCsd()
    {
        using var stream = typeof(CsoundDefaults).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(CsoundDefaults).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
