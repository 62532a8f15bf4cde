namespace Orchestron.Streaming.Tests.Audio;

/// <summary>
/// Produces Csound-like spout blocks of a continuous sine, each sample's phase computed from its absolute
/// index (exactly periodic for a whole-number frequency), so blocks join without error.
/// </summary>
internal sealed class SineBlockSource(double frequency, int sampleRate, int ksmps, int channels, double amplitude)
{
    private readonly double[] _block = new double[ksmps * channels];
    private long _sample;

    public ReadOnlySpan<double> Next()
    {
        for (var i = 0; i < ksmps; i++)
        {
            var cycles = (long)frequency * (_sample + i) % sampleRate;
            var value = amplitude * Math.Sin(2 * Math.PI * cycles / sampleRate);
            for (var c = 0; c < channels; c++)
            {
                _block[(i * channels) + c] = value;
            }
        }

        _sample += ksmps;
        return _block;
    }
}
