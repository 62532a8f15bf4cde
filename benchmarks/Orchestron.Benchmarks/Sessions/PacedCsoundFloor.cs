using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// Csound rendering in real time on one thread of its own, with no engine and no queue: a burst of control
/// periods (and, when asked, the Opus encoding of each 20 ms of it), then an absolute sleep until the next burst
/// is due. Against the same work in a tight loop, this is what working in real time costs any design, since
/// every wake-up may find caches and predictors cold.
/// </summary>
internal static class PacedCsoundFloor
{
    /// <summary>CPU-seconds per 60 s of audio, rendering <paramref name="burstMs"/> of audio per wake-up.</summary>
    /// <param name="newInstance">Makes the compiled instance to render.</param>
    /// <param name="seconds">Seconds of audio.</param>
    /// <param name="burstMs">Audio per wake-up, a multiple of 20 ms.</param>
    /// <param name="encode">Also encode each 20 ms of the burst with Opus, as a session's sender does.</param>
    public static double Measure(Func<CsoundInstance> newInstance, int seconds, int burstMs, bool encode = false)
    {
        double cpu = 0;
        var thread = new Thread(() => cpu = Render(newInstance, seconds, burstMs, encode)) { Name = "paced floor" };
        thread.Start();
        thread.Join();
        return cpu * 60 / seconds;
    }

    private static double Render(Func<CsoundInstance> newInstance, int seconds, int burstMs, bool encode)
    {
        using var instance = newInstance();
        using var encoder = encode ? new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TwentyMilliseconds }) : null;
        var packet = new byte[OpusEncoder.MaxPacketSize];
        instance.Start();
        var framesPerBurst = 48 * burstMs;
        var audio = new float[framesPerBurst * 2];
        var clock = MonotonicPacerClock.Instance;
        var period = clock.Frequency * burstMs / 1000;
        var bursts = seconds * 1000 / burstMs;
        var start = clock.GetTimestamp();
        var before = CpuTimes.CurrentThreadSeconds();
        for (var burst = 0; burst < bursts; burst++)
        {
            var written = 0;
            while (written < audio.Length && instance.PerformKsmps() is false)
            {
                foreach (var sample in instance.Spout)
                {
                    audio[written++] = (float)sample;
                }
            }

            for (var offset = 0; encoder is not null && offset < audio.Length; offset += 960 * 2)
            {
                encoder.Encode(audio.AsSpan(offset, 960 * 2), packet);
            }

            clock.WaitUntil(start + ((burst + 1) * period), CancellationToken.None);
        }

        return CpuTimes.CurrentThreadSeconds() - before;
    }
}
