namespace Orchestron.Testing;

/// <summary>
/// Least-squares fit of a sine of known frequency (plus DC) to a signal; what remains after removing it is
/// the signal's total harmonic distortion plus noise.
/// </summary>
public readonly record struct SineFit(double Amplitude, double Phase, double Offset, double ResidualRms, double MaxResidual)
{
    /// <summary>THD+N relative to the fitted fundamental, in dB (negative: below it).</summary>
    public double ThdPlusNoiseDb => 20 * Math.Log10(ResidualRms / (Amplitude / Math.Sqrt(2)));

    /// <summary>Fits a x sin(w n) + b x cos(w n) + c to <paramref name="signal"/>, with w = 2 pi frequency / rate.</summary>
    public static SineFit Fit(ReadOnlySpan<double> signal, double frequency, double sampleRate)
    {
        var w = 2 * Math.PI * frequency / sampleRate;

        // Normal equations of the 3-parameter linear model, accumulated in double.
        double ss = 0, sc = 0, s1 = 0, cc = 0, c1 = 0, n = signal.Length, ys = 0, yc = 0, y1 = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var s = Math.Sin(w * i);
            var c = Math.Cos(w * i);
            ss += s * s;
            sc += s * c;
            s1 += s;
            cc += c * c;
            c1 += c;
            ys += signal[i] * s;
            yc += signal[i] * c;
            y1 += signal[i];
        }

        var solution = Solve3(
            [ss, sc, s1, sc, cc, c1, s1, c1, n],
            [ys, yc, y1]);
        double a = solution[0], b = solution[1], offset = solution[2];

        double squared = 0, max = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var residual = signal[i] - ((a * Math.Sin(w * i)) + (b * Math.Cos(w * i)) + offset);
            squared += residual * residual;
            max = Math.Max(max, Math.Abs(residual));
        }

        return new SineFit(Math.Sqrt((a * a) + (b * b)), Math.Atan2(b, a), offset, Math.Sqrt(squared / signal.Length), max);
    }

    private static double[] Solve3(double[] m, double[] v)
    {
        var det = Det(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
        return
        [
            Det(v[0], m[1], m[2], v[1], m[4], m[5], v[2], m[7], m[8]) / det,
            Det(m[0], v[0], m[2], m[3], v[1], m[5], m[6], v[2], m[8]) / det,
            Det(m[0], m[1], v[0], m[3], m[4], v[1], m[6], m[7], v[2]) / det,
        ];
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
