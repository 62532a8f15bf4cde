namespace Orchestron.Streaming.Audio;

/// <summary>
/// Designs the Kaiser-windowed sinc low-pass filter of a <see cref="PolyphaseResampler"/> and splits it
/// into polyphase branches. Computed once per resampler, in double precision.
/// </summary>
internal static class ResamplerFilterDesign
{
    /// <summary>
    /// The stopband attenuation of the default design. It sets the filter's length, and the length sets
    /// the cost: taps per phase grow linearly with it (about 1.5 taps per dB at 44.1 to 48 kHz). At 120 dB,
    /// 44.1 to 48 kHz takes 176 taps per phase and a 1 kHz sine at -1 dBFS comes out with THD+N of
    /// -142.0 dB; 114 dB takes 160 taps for -134.4 dB, level with libsoxr's HQ recipe (-133.9 dB), and
    /// saves about a tenth of the time. The default keeps the quality: the resampler is a small part of a
    /// stream's cost, and a caller may use it where nothing lossy follows.
    /// </summary>
    internal const double DefaultStopbandAttenuationDb = 120;

    /// <summary>The least stopband attenuation a design may ask for: the 100 dB the resampler promises.</summary>
    internal const double MinStopbandAttenuationDb = 100;

    /// <summary>
    /// The passband edge as a fraction of the lower Nyquist frequency: 0.9075 x 22050 Hz keeps 44.1 kHz
    /// material flat to 20 kHz. The stopband starts at the lower Nyquist frequency, so nothing that would
    /// alias or image into the output band passes.
    /// </summary>
    internal const double PassbandFraction = 0.9075;

    /// <summary>
    /// Taps per phase are a multiple of this: a branch is then whole 256-bit vectors (a 512-bit loop ends
    /// with at most one of them), and rounding the filter up costs at most 7 taps.
    /// </summary>
    internal const int TapGranularity = 8;

    /// <summary>Returns the taps per polyphase branch for a conversion.</summary>
    /// <param name="inputRate">Input sample rate in Hz.</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    /// <param name="stopbandAttenuationDb">The stopband attenuation to design for.</param>
    internal static int TapsPerPhase(int inputRate, int outputRate, double stopbandAttenuationDb)
    {
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        var transition = lowerNyquist * (1 - PassbandFraction);

        // Kaiser's estimate N = (A - 8) / (2.285 * delta-omega) at the upsampled rate L * inputRate,
        // divided among the L branches.
        var taps = (stopbandAttenuationDb - 8) * inputRate / (2.285 * 2 * Math.PI * transition);
        var rounded = (int)Math.Ceiling(taps / TapGranularity) * TapGranularity;
        return Math.Max(rounded, TapGranularity);
    }

    /// <summary>
    /// Builds the branch table: for branch p, <c>taps</c> coefficients in time-reversed order (oldest input
    /// first), each stored once: the resampler keeps left and right history in separate planes, so one
    /// coefficient vector serves both.
    /// </summary>
    /// <param name="inputRate">Input sample rate in Hz.</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    /// <param name="upFactor">L: output rate / gcd.</param>
    /// <param name="tapsPerPhase">Taps per branch (a multiple of <see cref="TapGranularity"/>).</param>
    /// <param name="stopbandAttenuationDb">The stopband attenuation to design for; it sets the Kaiser window's shape.</param>
    internal static float[] BuildBranches(int inputRate, int outputRate, int upFactor, int tapsPerPhase, double stopbandAttenuationDb)
    {
        var length = upFactor * tapsPerPhase;
        var upsampledRate = (double)inputRate * upFactor;
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        var cutoff = lowerNyquist * (1 + PassbandFraction) / 2 / upsampledRate; // cycles per upsampled sample
        var beta = 0.1102 * (stopbandAttenuationDb - 8.7);
        var centre = (length - 1) / 2.0;
        var besselOfBeta = BesselI0(beta);

        var prototype = new double[length];
        double sum = 0;
        for (var n = 0; n < length; n++)
        {
            var offset = n - centre;
            var sinc = offset == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * offset) / (Math.PI * offset);
            var ratio = offset / centre;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - ratio * ratio))) / besselOfBeta;
            prototype[n] = sinc * window;
            sum += prototype[n];
        }

        // Zero-stuffing by L divides the signal by L; each branch's gain restores it, so DC passes at 1.
        var gain = upFactor / sum;
        var table = new float[length];
        for (var phase = 0; phase < upFactor; phase++)
        {
            var branch = table.AsSpan(phase * tapsPerPhase, tapsPerPhase);
            for (var tap = 0; tap < tapsPerPhase; tap++)
            {
                // Branch tap j weights input x[i - j]; storing it at position taps - 1 - j lines the
                // branch up with the history read forward from x[i - taps + 1].
                branch[tapsPerPhase - 1 - tap] = (float)(prototype[phase + tap * upFactor] * gain);
            }
        }

        return table;
    }

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series.</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, quarterSquare = x * x / 4;
        for (var k = 1; k < 200; k++)
        {
            term *= quarterSquare / (k * (double)k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
