using System.Net;
using BenchmarkDotNet.Attributes;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.WebRtc;

/// <summary>
/// The cost of one 10 ms frame: Opus-encode once (the baseline), then packetise, protect and send to each
/// connected listener. (FanOut - Encode) / Listeners is the per-listener cost; 10 ms divided by it bounds
/// the listeners one core can serve.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private UdpMediaTransport _server = null!;
    private WebRtcAudioSender _sender = null!;
    private OpusEncoder _encoder = null!;
    private LoopbackListener[] _listeners = [];
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketSize];
    private float[] _frame = [];
    private long _timestamp;

    [Params(1, 10, 50)]
    public int Listeners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Consent checks continue from the listeners, but a benchmark may outlast any sensible timeout.
        _server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback, ConsentTimeout = TimeSpan.FromHours(1) });
        var options = new WebRtcAudioSenderOptions { MaxListeners = Listeners, Opus = { FrameDuration = OpusFrameDuration.TenMilliseconds } };
        _sender = _server.CreateAudioSender(options);
        _encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TenMilliseconds });
        _listeners = Enumerable.Range(0, Listeners).Select(_ => new LoopbackListener()).ToArray();
        foreach (var listener in _listeners)
        {
            listener.Start(_sender.AcceptOffer(listener.Offer()).Sdp);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_listeners.All(l => l.IsConnected))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Listeners did not connect.");
            }

            Thread.Sleep(10);
        }

        _frame = new float[_sender.SamplesPerChannel * 2];
        for (var i = 0; i < _frame.Length; i += 2)
        {
            _frame[i] = _frame[i + 1] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * (i / 2) / 48_000f);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _server.Dispose();
        _encoder.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Opus encode only")]
    public int Encode() => _encoder.Encode(_frame, _packet);

    [Benchmark(Description = "Encode + fan out to every listener")]
    public void FanOut()
    {
        _sender.SendFrame(_frame, _timestamp, isSilence: false);
        _timestamp += _sender.SamplesPerChannel;
    }
}
