namespace Orchestron.Csound.Tests.Support;

/// <summary>Renders an orchestra and score offline and collects every <c>spout</c> block.</summary>
internal static class Render
{
    internal static string SineOrchestra(double sampleRate, int ksmps, int channels, double frequency = 440, double amplitude = 0.5) => $"""
        sr = {sampleRate}
        ksmps = {ksmps}
        nchnls = {channels}
        0dbfs = 1
        instr 1
          aSignal oscili {amplitude}, {frequency}
          {(channels == 1 ? "out aSignal" : "outs aSignal, aSignal")}
        endin
        """;

    /// <summary>Performs until the score ends (or <paramref name="maxFrames"/>) and returns interleaved samples.</summary>
    internal static double[] ToEnd(CsoundInstance instance, long maxFrames = 48000 * 60)
    {
        var samples = new List<double>();
        if (!instance.IsStarted)
        {
            instance.Start();
        }

        while (!instance.PerformKsmps())
        {
            samples.AddRange(instance.Spout);
            if (samples.Count / instance.Channels >= maxFrames)
            {
                break;
            }
        }

        return [.. samples];
    }

    /// <summary>Performs exactly <paramref name="blocks"/> control periods and returns interleaved samples.</summary>
    internal static double[] Blocks(CsoundInstance instance, int blocks)
    {
        var samples = new List<double>();
        for (var block = 0; block < blocks; block++)
        {
            Assert.False(instance.PerformKsmps(), "The score ended earlier than the test expects.");
            samples.AddRange(instance.Spout);
        }

        return [.. samples];
    }

    internal static CsoundInstance Headless(TestLogger? logger = null, bool hostMidi = false)
    {
        var options = CsoundInstanceOptions.Headless();
        options.HostMidiInput = hostMidi;
        return new CsoundInstance(options, logger);
    }

    /// <summary>A headless instance compiled with the 440 Hz sine orchestra at 48 kHz, ksmps 32, stereo, with <paramref name="score"/> read.</summary>
    internal static CsoundInstance SineInstance(string score)
    {
        var instance = Headless();
        instance.CompileOrchestra(SineOrchestra(48000, 32, 2));
        instance.ReadScore(score);
        return instance;
    }
}
