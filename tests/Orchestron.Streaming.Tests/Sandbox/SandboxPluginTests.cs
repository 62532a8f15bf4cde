using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>
/// The worker leaves out the Csound plugins that need a device or a network (and the ALSA, JACK, PulseAudio and X11
/// libraries they pull in), and keeps the rest: an opcode from a kept plugin compiles and plays.
/// </summary>
public sealed class SandboxPluginTests
{
    // lfsr comes from liblfsr and doppler from libdoppler, two plugin libraries the worker keeps.
    private const string CsdWithPluginOpcodes = """
        <CsoundSynthesizer>
        <CsInstruments>
        sr = 44100
        ksmps = 32
        nchnls = 2
        0dbfs = 1
        instr 1
          kbits lfsr 8, 1
          aphase phasor 1000
          asine = 0.5 * sin(2 * $M_PI * aphase)
          amoved doppler asine, 0, 0
          outs asine + 0 * kbits + 0 * amoved, asine
        endin
        </CsInstruments>
        <CsScore>
        i 1 0 3600
        </CsScore>
        </CsoundSynthesizer>
        """;

    [Fact]
    public async Task The_worker_maps_no_device_library_and_plays_opcodes_of_the_plugins_it_keeps()
    {
        var options = new CsoundSandboxOptions();
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(CsdWithPluginOpcodes, []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
        var capture = new CapturingConsumer();
        stream.Track.AddConsumer(capture);

        await SandboxedSessionTests.WaitForAudioAsync(capture, seconds: 1, worker);

        var pid = worker.FindWorkerProcessId() ?? throw new InvalidOperationException("The worker process has gone: " + await worker.Exited);
        var mapped = File.ReadAllLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 5)
            .Select(fields => Path.GetFileName(fields[5]))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains(mapped, name => name.StartsWith("libcsound64.so", StringComparison.Ordinal));
        Assert.Contains("liblfsr.so", mapped);
        Assert.Contains("libdoppler.so", mapped);
        foreach (var device in new[] { "librtalsa.so", "librtjack.so", "librtpulse.so", "librtpa.so", "libpmidi.so", "libosc.so", "libipmidi.so", "libjoystick.so", "libstdutil.so" })
        {
            Assert.DoesNotContain(device, mapped);
        }

        Assert.DoesNotContain(mapped, name => name.StartsWith("libasound.so", StringComparison.Ordinal) || name.StartsWith("libX11.so", StringComparison.Ordinal)
            || name.StartsWith("libjack.so", StringComparison.Ordinal) || name.StartsWith("libpulse.so", StringComparison.Ordinal));
        var left = capture.Left;
        Assert.InRange(SignalAnalysis.MedianFrequency(left.AsSpan(left.Length - 24_000), 48_000), 999, 1001);
    }
}
