using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc;

/// <summary>
/// The session's half of the media path: encodes each frame once and packetises it, stamped by the caller's clock,
/// with the marker bit on the first packet of each talkspurt. What comes out is the same for every listener.
/// </summary>
/// <remarks>
/// <para>
/// The RTP timestamp is the caller's timestamp plus the packetiser's random offset. A frame that produces no
/// packet (a wrong size, an Opus error, an Opus DTX frame) therefore leaves a gap of exactly its length and no
/// lasting offset.
/// </para>
/// <para>
/// A silent frame is encoded and sent like any other, not left out. Opus codes digital silence in a few bytes,
/// and a steady stream keeps every browser's jitter buffer playing instead of concealing a gap, which a listener
/// would hear as a fade and a re-buffering when sound resumes; the encoder's state also runs on, so the first
/// sound after silence starts without a transient. The stretch is signalled by the marker bit on the first packet
/// of sound after it (RFC 3551 section 4.1, RFC 7587 section 4.2). When the options enable Opus DTX, the encoder's
/// own DTX frames are not sent, as browsers do, and the next packet carries the marker too.
/// </para>
/// <para>Not thread-safe: the pacer's thread encodes. The counters may be read from any thread.</para>
/// </remarks>
internal sealed class OpusRtpEncoder : IDisposable
{
    // Each listener's packets carry the payload type its own offer chose; this one is rewritten per listener.
    private const byte OpusDefaultPayloadType = 111;

    private readonly IOpusEncoder _encoder;
    private readonly ILogger _logger;
    private readonly byte[] _opusPacket = new byte[OpusEncoder.MaxPacketSize];
    private readonly byte[] _rtpPacket = new byte[OpusEncoder.MaxPacketSize + RtpHeader.Length];
    private bool _talkspurtEnded = true;
    private long _framesEncoded;
    private long _encodeErrors;

    /// <summary>Creates the encoder the options ask for (libopus, or Concentus without it) and a packetiser with a random SSRC, sequence origin and timestamp offset.</summary>
    internal OpusRtpEncoder(OpusEncoderOptions options, ILogger logger)
        : this(options, new RtpOpusPacketizer(OpusDefaultPayloadType), logger)
    {
    }

    /// <summary>Creates the encoder around a given packetiser (for tests that need a known origin).</summary>
    internal OpusRtpEncoder(OpusEncoderOptions options, RtpOpusPacketizer packetizer, ILogger logger)
    {
        _encoder = OpusEncoderFactory.Create(options, logger);
        _logger = logger;
        Packetizer = packetizer;
    }

    /// <summary>The samples per channel each frame must hold (480 for 10 ms, 960 for 20 ms).</summary>
    internal int SamplesPerChannel => _encoder.SamplesPerChannel;

    /// <summary>The stream's packetiser: its SSRC, counters and clock offset feed the sender reports.</summary>
    internal RtpOpusPacketizer Packetizer { get; }

    /// <summary>Frames Opus encoded, DTX frames included.</summary>
    internal long FramesEncoded => Interlocked.Read(ref _framesEncoded);

    /// <summary>Frames dropped because encoding failed or the frame had the wrong size.</summary>
    internal long EncodeErrors => Interlocked.Read(ref _encodeErrors);

    /// <summary>Encodes and packetises one frame.</summary>
    /// <param name="interleavedStereo">The frame, <see cref="SamplesPerChannel"/> stereo samples interleaved.</param>
    /// <param name="timestamp">The 48 kHz sample index of its first sample, from the caller's clock.</param>
    /// <param name="isSilence">True when the caller had no audio for this period.</param>
    /// <param name="rtpPacket">The RTP packet, valid until the next call; empty when nothing is to be sent.</param>
    /// <param name="payloadLength">The Opus payload's length within it.</param>
    /// <returns>True when there is a packet to send.</returns>
    internal bool TryEncode(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence, out ReadOnlySpan<byte> rtpPacket, out int payloadLength)
    {
        rtpPacket = default;
        payloadLength = 0;
        if (!TryEncodeOpus(interleavedStereo, out var opusLength) || _encoder.LastPacketWasDtx)
        {
            _talkspurtEnded = true;
            return false;
        }

        var marker = _talkspurtEnded && !isSilence;
        _talkspurtEnded = isSilence;
        var length = Packetizer.Packetize(_opusPacket.AsSpan(0, opusLength), timestamp, marker, _rtpPacket);
        rtpPacket = _rtpPacket.AsSpan(0, length);
        payloadLength = opusLength;
        return true;
    }

    /// <summary>Notes a frame nobody heard (no listeners): whatever is sent next starts a talkspurt.</summary>
    internal void Skip() => _talkspurtEnded = true;

    /// <summary>Frees the native encoder.</summary>
    public void Dispose() => _encoder.Dispose();

    private bool TryEncodeOpus(ReadOnlySpan<float> interleavedStereo, out int opusLength)
    {
        opusLength = 0;
        if (interleavedStereo.Length != SamplesPerChannel * OpusEncoder.Channels)
        {
            CountEncodeError(null, interleavedStereo.Length);
            return false;
        }

        try
        {
            opusLength = _encoder.Encode(interleavedStereo, _opusPacket);
            Interlocked.Increment(ref _framesEncoded);
            return true;
        }
        catch (OpusException error)
        {
            CountEncodeError(error, interleavedStereo.Length);
            return false;
        }
    }

    private void CountEncodeError(OpusException? error, int length)
    {
        // Logged once: an error that repeats every frame would flood the log at 50 or 100 lines a second.
        if (Interlocked.Increment(ref _encodeErrors) != 1)
        {
            return;
        }

        if (error is null)
        {
            _logger.LogError("A frame of {Length} samples arrived; the encoder takes {Expected}", length, SamplesPerChannel * OpusEncoder.Channels);
        }
        else
        {
            _logger.LogError(error, "Opus encoding failed");
        }
    }
}
