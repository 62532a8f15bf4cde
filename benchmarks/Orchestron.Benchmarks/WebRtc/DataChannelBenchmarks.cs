using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Benchmarks.WebRtc;

/// <summary>
/// The SCTP and DCEP cost of one data channel message, sent on one session and delivered by another in memory
/// (the SACK back included, DTLS and the socket left out), against encoding one 10 ms Opus frame (the baseline):
/// what a control message or a low-latency audio frame adds to a session.
/// </summary>
[MemoryDiagnoser]
public class DataChannelBenchmarks
{
    private readonly byte[][] _buffers = Enumerable.Range(0, 64).Select(_ => new byte[1500]).ToArray();
    private readonly int[] _lengths = new int[64];
    private readonly bool[] _toServer = new bool[64];
    private int _head;
    private int _count;
    private DataChannelSession _client = null!;
    private DataChannelSession _server = null!;
    private WebRtcDataChannel _unreliable = null!;
    private WebRtcDataChannel _reliable = null!;
    private OpusEncoder _encoder = null!;
    private float[] _frame = [];
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketSize];
    private readonly byte[] _small = new byte[16];
    private readonly byte[] _frameSized = new byte[200];
    private long _delivered;

    [GlobalSetup]
    public void Setup()
    {
        _client = new DataChannelSession(DtlsRole.Client, packet => Enqueue(packet, true), 1120, 5000, NullLogger.Instance);
        _server = new DataChannelSession(DtlsRole.Server, packet => Enqueue(packet, false), 1120, 5000, NullLogger.Instance);
        _server.ChannelOpened += channel => channel.MessageReceived += (_, message, _) => _delivered += message.Length;
        _client.Connect();
        Pump();
        _unreliable = _client.Open(new DataChannelParameters("audio", "", false, 0, null));
        _reliable = _client.Open(new DataChannelParameters("control", "", true, null, null));
        Pump();
        _encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TenMilliseconds });
        _frame = new float[480 * 2];
        for (var i = 0; i < _frame.Length; i += 2)
        {
            _frame[i] = _frame[i + 1] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * (i / 2) / 48_000f);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _encoder.Dispose();

    [Benchmark(Baseline = true, Description = "Opus encode, 10 ms")]
    public int EncodeFrame() => _encoder.Encode(_frame, _packet);

    [Benchmark(Description = "16 B, reliable ordered")]
    public long SmallReliable()
    {
        _reliable.Send(_small);
        Pump();
        return _delivered;
    }

    [Benchmark(Description = "200 B, unordered, sent once")]
    public long FrameUnreliable()
    {
        _unreliable.Send(_frameSized);
        Pump();
        return _delivered;
    }

    private void Enqueue(ReadOnlySpan<byte> packet, bool toServer)
    {
        var slot = (_head + _count) % _buffers.Length;
        packet.CopyTo(_buffers[slot]);
        _lengths[slot] = packet.Length;
        _toServer[slot] = toServer;
        _count++;
    }

    private void Pump()
    {
        while (_count > 0)
        {
            var slot = _head;
            _head = (_head + 1) % _buffers.Length;
            _count--;
            (_toServer[slot] ? _server : _client).HandlePacket(_buffers[slot].AsSpan(0, _lengths[slot]));
        }
    }
}
