using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests;

public class SineRenderingTests
{
    public static TheoryData<int, int, int> Formats()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var sampleRate in new[] { 44100, 48000 })
        {
            foreach (var ksmps in new[] { 1, 32, 100 })
            {
                foreach (var channels in new[] { 1, 2 })
                {
                    data.Add(sampleRate, ksmps, channels);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_440_Hz_sine_has_the_right_level_pitch_and_length(int sampleRate, int ksmps, int channels)
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra(Render.SineOrchestra(sampleRate, ksmps, channels));
        instance.ReadScore("i1 0 1");
        instance.Start();

        Assert.Equal(new CsoundAudioFormat(sampleRate, ksmps, channels, 1.0), instance.Format);
        Assert.Equal(ksmps * channels, instance.Spout.Length);

        var samples = Render.ToEnd(instance);

        // Csound schedules in whole control periods: a 1-second note lasts round(sr / ksmps) periods.
        var expectedFrames = (long)Math.Round((double)sampleRate / ksmps) * ksmps;
        Assert.Equal(expectedFrames, samples.Length / channels);
        Assert.Equal(expectedFrames, instance.CurrentTimeSamples);

        for (var channel = 0; channel < channels; channel++)
        {
            var tone = Signal.Channel(samples, channels, channel);
            Assert.InRange(Signal.Rms(tone), 0.3536 * 0.99, 0.3536 * 1.01);
            Assert.InRange(Signal.Frequency(tone, sampleRate), 439.0, 441.0);
        }
    }

    [Fact]
    public void The_hosts_options_win_over_the_csds_own()
    {
        using var instance = Render.Headless();
        instance.CompileCsdText("""
            <CsoundSynthesizer>
            <CsOptions>
            -odac -+rtaudio=alsa
            </CsOptions>
            <CsInstruments>
            sr = 44100
            ksmps = 10
            nchnls = 1
            0dbfs = 1
            instr 1
              out oscili(0.5, 440)
            endin
            </CsInstruments>
            <CsScore>
            i1 0 1
            </CsScore>
            </CsoundSynthesizer>
            """);

        var samples = Render.ToEnd(instance);

        Assert.Equal(44100, samples.Length);
        Assert.InRange(Signal.Rms(samples), 0.3536 * 0.99, 0.3536 * 1.01);
    }

    [Fact]
    public void The_embedded_default_instrument_plays_audible_stereo()
    {
        using var instance = Render.Headless();
        instance.CompileCsdText(CsoundDefaults.CreateDefaultInstrumentCsd(TimeSpan.FromSeconds(2)));
        var samples = Render.ToEnd(instance);

        Assert.Equal(2, instance.Channels);
        Assert.Equal(48000, instance.SampleRate);
        Assert.Equal(4 * 48000, samples.Length / 2);
        var rms = Signal.Rms(samples);
        Assert.InRange(rms, 0.02, 0.5);
        Assert.All(samples, sample => Assert.InRange(sample, -1.0, 1.0));
    }

    [Fact]
    public void The_endless_default_instrument_keeps_playing()
    {
        using var instance = Render.Headless();
        instance.CompileCsdText(CsoundDefaults.CreateDefaultInstrumentCsd(null));
        instance.Start();

        // 20 seconds: longer than the finite score, so only the endless score gets this far.
        var blocks = 20 * 48000 / instance.Ksmps;
        var samples = Render.Blocks(instance, blocks);
        var lastSecond = samples.AsSpan(samples.Length - (2 * 48000));
        Assert.InRange(Signal.Rms(lastSecond), 0.02, 0.5);
    }
}
