namespace Orchestron.Benchmarks.Audio;

/// <summary>
/// THD+N of a resampled sine: a least-squares fit of a sine of the known frequency (plus DC) is removed,
/// and what remains is compared with the fitted fundamental.
/// </summary>
internal static class ThdPlusNoise
{
    /// <summary>Returns THD+N in dB relative to the fundamental (negative: below it).</summary>
    public static double MeasureDb(ReadOnlySpan<double> signal, double frequency, double sampleRate)
    {
        var w = 2 * Math.PI * frequency / sampleRate;
        double ss = 0, sc = 0, s1 = 0, cc = 0, c1 = 0, ys = 0, yc = 0, y1 = 0, n = signal.Length;
        for (var i = 0; i < signal.Length; i++)
        {
            double s = Math.Sin(w * i), c = Math.Cos(w * i);
            ss += s * s;
            sc += s * c;
            s1 += s;
            cc += c * c;
            c1 += c;
            ys += signal[i] * s;
            yc += signal[i] * c;
            y1 += signal[i];
        }

        // Cramer's rule on the 3 x 3 normal equations.
        var det = Det(ss, sc, s1, sc, cc, c1, s1, c1, n);
        var a = Det(ys, sc, s1, yc, cc, c1, y1, c1, n) / det;
        var b = Det(ss, ys, s1, sc, yc, c1, s1, y1, n) / det;
        var dc = Det(ss, sc, ys, sc, cc, yc, s1, c1, y1) / det;

        double residual = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var r = signal[i] - ((a * Math.Sin(w * i)) + (b * Math.Cos(w * i)) + dc);
            residual += r * r;
        }

        var fundamentalRms = Math.Sqrt((a * a) + (b * b)) / Math.Sqrt(2);
        return 20 * Math.Log10(Math.Sqrt(residual / signal.Length) / fundamentalRms);
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
