using BenchmarkDotNet.Attributes;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.Benchmarks.Media;

/// <summary>
/// The per-listener cost of one outgoing 20 ms Opus frame: RTP packetisation, then SRTP protection under each
/// profile, against packetisation alone. The payload is a real 128 kbit/s stereo Opus packet.
/// </summary>
[MemoryDiagnoser]
public class MediaPacketBenchmarks
{
    private readonly byte[] _packet = new byte[1_500];
    private byte[] _opusPayload = [];
    private RtpOpusPacketizer _packetizer = null!;
    private SrtpContext _aesCm = null!;
    private SrtpContext _aesGcm = null!;
    private long _timestamp;

    [GlobalSetup]
    public void Setup()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Bitrate = 128_000 });
        var frame = new float[960 * 2];
        var buffer = new byte[OpusEncoder.MaxPacketSize];
        var length = 0;
        for (var n = 0; n < 10; n++)
        {
            for (var i = 0; i < 960; i++)
            {
                frame[2 * i] = frame[(2 * i) + 1] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * ((n * 960) + i) / 48_000f);
            }

            length = encoder.Encode(frame, buffer);
        }

        _opusPayload = buffer[..length];
        Console.WriteLine($"// Opus payload per 20 ms frame: {length} bytes");
        _packetizer = new RtpOpusPacketizer(111);
        _aesCm = new SrtpContext(SrtpProtectionProfile.Aes128CmHmacSha1_80, new byte[16], new byte[14]);
        _aesGcm = new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[12]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aesCm.Dispose();
        _aesGcm.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Packetize() => _packetizer.Packetize(_opusPayload, NextTimestamp(), marker: false, _packet);

    [Benchmark]
    public int PacketizeAndProtectAesCmHmacSha1_80()
    {
        var length = _packetizer.Packetize(_opusPayload, NextTimestamp(), marker: false, _packet);
        return _aesCm.Protect(_packet, length);
    }

    [Benchmark]
    public int PacketizeAndProtectAeadAes128Gcm()
    {
        var length = _packetizer.Packetize(_opusPayload, NextTimestamp(), marker: false, _packet);
        return _aesGcm.Protect(_packet, length);
    }

    /// <summary>The caller's clock: the packetiser takes each frame's timestamp rather than counting its own.</summary>
    private long NextTimestamp() => _timestamp += 960;
}
