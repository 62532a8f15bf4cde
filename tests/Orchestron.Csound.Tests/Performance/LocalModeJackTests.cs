using Orchestron.Csound.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Csound.Tests.Performance;

/// <summary>
/// Local mode for real: Csound plays to a JACK server (the dummy driver stands in for a sound card)
/// and <c>jack_capture</c> records Csound's output ports.
/// </summary>
[Collection(SerialCollection.Name)]
public class LocalModeJackTests
{
    [Fact]
    public async Task The_performer_plays_the_tone_to_jack_at_the_right_level_and_pitch()
    {
        await using var server = await JackServer.ConnectOrStartAsync();
        var client = $"orchestron-test-{Environment.ProcessId}";
        var options = CsoundInstanceOptions.RealtimeOutput("jack");
        options.SoftwareBufferFrames = 256;
        options.HardwareBufferFrames = 1024;
        options.AdditionalOptions.Add($"-+jack_client={client}");
        var logger = new TestLogger();
        using var instance = new CsoundInstance(options, logger);
        instance.CompileOrchestra(Render.SineOrchestra(server.SampleRate, 32, 2));
        instance.ReadScore("i1 0 120");

        var performer = new CsoundPerformer(instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local });
        var recording = Path.Combine(Path.GetTempPath(), $"{client}.wav");
        try
        {
            performer.Start();
            await server.WaitForPortAsync($"{client}:output1", performer.Completion);
            Assert.False(performer.Completion.IsCompleted, $"The performance ended early: {string.Join(Environment.NewLine, logger.Messages)}");

            var (exitCode, output) = await Tool.RunAsync(
                "jack_capture",
                ["--daemon", "-d", "2", "-b", "16", "-c", "2", "-p", $"{client}:output1", "-p", $"{client}:output2", recording],
                server.ClientEnvironment,
                TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"jack_capture failed ({exitCode}): {output}");
        }
        finally
        {
            await performer.DisposeAsync();
        }

        var result = await performer.Completion;
        Assert.Equal(CsoundPerformanceOutcome.Stopped, result.Outcome);
        Assert.True(result.FramesPerformed >= 2 * server.SampleRate);

        var wav = WavFile.Read(recording);
        File.Delete(recording);
        Assert.Equal(server.SampleRate, wav.SampleRate);
        Assert.Equal(2, wav.Channels);
        Assert.InRange(wav.Samples.Length / 2, (int)(1.5 * server.SampleRate), 3 * server.SampleRate);
        for (var channel = 0; channel < 2; channel++)
        {
            // Judged in 100 ms windows: under CPU contention a real-time client can miss a JACK cycle
            // now and then, and one such gap must not hide whether the tone itself is right.
            var tone = Signal.Channel(wav.Samples, 2, channel);
            var window = server.SampleRate / 10;
            var windows = Enumerable.Range(0, tone.Length / window).Select(index => tone.AsSpan(index * window, window).ToArray()).ToList();
            var good = windows.Count(samples =>
                Signal.Rms(samples) is > 0.3536 * 0.98 and < 0.3536 * 1.02
                && Signal.Frequency(samples, server.SampleRate) is > 439 and < 441);
            Assert.True(good >= windows.Count * 0.8, $"Only {good} of {windows.Count} windows of channel {channel + 1} hold the 440 Hz tone at 0.5.");
        }

        Assert.Contains(logger.Messages, line => line.Contains("jack", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_audio_device_that_cannot_open_fails_the_performance_with_csounds_reason()
    {
        var options = CsoundInstanceOptions.RealtimeOutput("alsa", "dac:hw:97,0");
        using var instance = new CsoundInstance(options);
        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
        instance.ReadScore("i1 0 10");
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local });
        performer.Start();

        var result = await performer.Completion;

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        var error = Assert.IsType<CsoundException>(result.Error);
        Assert.NotEmpty(result.CsoundMessages);
        Assert.Contains("could not start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_mode_needs_an_audio_output()
    {
        using var headless = Render.Headless();
        var error = Assert.Throws<ArgumentException>(() => new CsoundPerformer(headless, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local }));
        Assert.Contains(nameof(CsoundInstanceOptions.AudioOutput), error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new CsoundPerformer(headless, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming }));
    }
}
