using System.Globalization;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// What a shorter frame costs a session, in one run beside 10 and 20 ms: Opus alone at each frame (both coding
/// modes), one session with one loopback listener, one nobody listens to, and eight listened sessions together
/// (underruns and pacing at the shorter period), in CPU-seconds per 60 s of audio per session.
/// </summary>
internal static class FrameSizeCosts
{
    private static readonly double[] FramesMs = [20, 10, 5, 2.5];

    public static async Task RunAsync(UdpMediaTransport server, PacingRecorder pacing, int seconds)
    {
        var audio = RenderAudio(seconds);
        Console.WriteLine("\nFrame size: CPU-s per 60 s of audio per session (engine threads), ratios against 10 ms frames.\n");
        Console.WriteLine("| frame | Opus alone, AUDIO | Opus alone, RESTRICTED_LOWDELAY | 1 session, 1 listener | vs 10 ms | 1 session, nobody listening | vs 10 ms | 8 sessions, 8 listeners: per session | underruns | pacing p99 | max |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var rows = new List<(double FrameMs, double OpusAudio, double OpusLowDelay, double Listened, double Idle, SessionsBenchmark.SessionsRun Eight)>();
        foreach (var frameMs in FramesMs)
        {
            var duration = OpusFrameDurations.FromMilliseconds(frameMs);
            var opusAudio = EncodeSeconds(audio, duration, OpusApplication.Audio) * 60 / seconds;
            var opusLowDelay = EncodeSeconds(audio, duration, OpusApplication.RestrictedLowDelay) * 60 / seconds;
            var listened = await SessionsBenchmark.RunSessionsAsync(server, pacing, 1, listeners: true, seconds, frameMs);
            var idle = await SessionsBenchmark.RunSessionsAsync(server, pacing, 1, listeners: false, seconds, frameMs);
            var eight = await SessionsBenchmark.RunSessionsAsync(server, pacing, 8, listeners: true, seconds, frameMs);
            rows.Add((frameMs, opusAudio, opusLowDelay, listened.PerSession(c => c.Engine), idle.PerSession(c => c.Engine), eight));
        }

        var tenMs = rows.Single(r => r.FrameMs == StreamingAudioOptions.ShortFrameMs);
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.FrameMs} ms | {row.OpusAudio:0.00} | {row.OpusLowDelay:0.00} | {row.Listened:0.00} | {row.Listened / tenMs.Listened:0.00}x | {row.Idle:0.00} | {row.Idle / tenMs.Idle:0.00}x | {row.Eight.PerSession(c => c.Engine):0.00} | {row.Eight.Underruns} | {row.Eight.Pacing.P99:0.000} ms | {row.Eight.Pacing.Max:0.000} ms |"));
        }
    }

    /// <summary>The benchmark's instrument rendered once, untimed, for the encoders to share.</summary>
    private static float[] RenderAudio(int seconds)
    {
        var audio = new float[seconds * 48_000 * 2];
        using var instance = SessionsBenchmark.NewInstance();
        instance.Start();
        var written = 0;
        while (written < audio.Length && instance.PerformKsmps() is false)
        {
            foreach (var sample in instance.Spout)
            {
                if (written == audio.Length)
                {
                    break;
                }

                audio[written++] = (float)sample;
            }
        }

        return audio;
    }

    private static double EncodeSeconds(float[] audio, OpusFrameDuration duration, OpusApplication application)
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = duration, Application = application });
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var frameLength = encoder.SamplesPerChannel * 2;
        var before = CpuTimes.CurrentThreadSeconds();
        for (var offset = 0; offset + frameLength <= audio.Length; offset += frameLength)
        {
            encoder.Encode(audio.AsSpan(offset, frameLength), packet);
        }

        return CpuTimes.CurrentThreadSeconds() - before;
    }
}
