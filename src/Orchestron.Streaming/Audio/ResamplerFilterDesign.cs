namespace Orchestron.Streaming.Audio;

/// <summary>
/// Designs the Kaiser-windowed sinc low-pass filter of a <see cref="PolyphaseResampler"/> and splits it
/// into polyphase branches. Computed once per resampler, in double precision.
/// </summary>
internal static class ResamplerFilterDesign
{
    /// <summary>Stopband attenuation the design aims for, with margin over the 100 dB the resampler promises.</summary>
    internal const double StopbandAttenuationDb = 120;

    /// <summary>
    /// The passband edge as a fraction of the lower Nyquist frequency: 0.9075 x 22050 Hz keeps 44.1 kHz
    /// material flat to 20 kHz. The stopband starts at the lower Nyquist frequency, so nothing that would
    /// alias or image into the output band passes.
    /// </summary>
    internal const double PassbandFraction = 0.9075;

    /// <summary>Taps per phase are a multiple of this, so that a phase's interleaved stereo coefficients fill whole groups of four 256-bit vectors.</summary>
    internal const int TapGranularity = 16;

    /// <summary>Returns the taps per polyphase branch for a conversion.</summary>
    internal static int TapsPerPhase(int inputRate, int outputRate)
    {
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        var transition = lowerNyquist * (1 - PassbandFraction);

        // Kaiser's estimate N = (A - 8) / (2.285 * delta-omega) at the upsampled rate L * inputRate,
        // divided among the L branches.
        var taps = (StopbandAttenuationDb - 8) * inputRate / (2.285 * 2 * Math.PI * transition);
        var rounded = (int)Math.Ceiling(taps / TapGranularity) * TapGranularity;
        return Math.Max(rounded, TapGranularity);
    }

    /// <summary>
    /// Builds the branch table: for branch p, <c>taps</c> coefficient pairs in time-reversed order (oldest
    /// input first), each coefficient twice so that one vector multiply serves interleaved left and right.
    /// </summary>
    /// <param name="inputRate">Input sample rate in Hz.</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    /// <param name="upFactor">L: output rate / gcd.</param>
    /// <param name="tapsPerPhase">Taps per branch (a multiple of <see cref="TapGranularity"/>).</param>
    internal static float[] BuildInterleavedBranches(int inputRate, int outputRate, int upFactor, int tapsPerPhase)
    {
        var length = upFactor * tapsPerPhase;
        var upsampledRate = (double)inputRate * upFactor;
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        var cutoff = lowerNyquist * (1 + PassbandFraction) / 2 / upsampledRate; // cycles per upsampled sample
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
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
        var table = new float[length * 2];
        for (var phase = 0; phase < upFactor; phase++)
        {
            var branch = table.AsSpan(phase * tapsPerPhase * 2, tapsPerPhase * 2);
            for (var tap = 0; tap < tapsPerPhase; tap++)
            {
                // Branch tap j weights input x[i - j]; storing it at position taps - 1 - j lines the
                // branch up with the history read forward from x[i - taps + 1].
                var coefficient = (float)(prototype[phase + tap * upFactor] * gain);
                var slot = (tapsPerPhase - 1 - tap) * 2;
                branch[slot] = coefficient;
                branch[slot + 1] = coefficient;
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
