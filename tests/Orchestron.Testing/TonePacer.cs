using System.Diagnostics;
using Orchestron.WebRtc;

namespace Orchestron.Testing;

/// <summary>
/// Feeds a stereo sine to a WebRTC audio sender in real time, one frame per period on an absolute schedule,
/// so that network tests exercise the sender without the Csound pipeline in the way.
/// </summary>
public sealed class TonePacer : IDisposable
{
    private readonly WebRtcAudioSender _sender;
    private readonly double _frequency;
    private readonly float _amplitude;
    private readonly int _samplesPerChannel;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public TonePacer(WebRtcAudioSender sender, double frequency, float amplitude, int samplesPerChannel)
    {
        _sender = sender;
        _frequency = frequency;
        _amplitude = amplitude;
        _samplesPerChannel = samplesPerChannel;
        _thread = new Thread(Run) { IsBackground = true, Name = "test tone pacer" };
        _thread.Start();
    }

    public long FramesSent { get; private set; }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Run()
    {
        var frame = new float[_samplesPerChannel * 2];
        var period = TimeSpan.FromSeconds((double)_samplesPerChannel / 48_000);
        var start = Stopwatch.GetTimestamp();
        long timestamp = 0;
        for (long n = 0; !_stopping; n++)
        {
            var due = start + (long)(n * period.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            for (var i = 0; i < _samplesPerChannel; i++)
            {
                var value = _amplitude * (float)Math.Sin(2 * Math.PI * _frequency * (timestamp + i) / 48_000);
                frame[2 * i] = value;
                frame[(2 * i) + 1] = value;
            }

            _sender.SendFrame(frame, timestamp, isSilence: false);
            timestamp += _samplesPerChannel;
            FramesSent++;
        }
    }
}
