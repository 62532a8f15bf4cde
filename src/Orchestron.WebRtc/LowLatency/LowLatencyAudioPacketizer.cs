namespace Orchestron.WebRtc.LowLatency;

/// <summary>
/// Numbers the low-latency path's Opus frames and wraps each in a packet that also carries its predecessor, so that
/// a listener who loses one packet rebuilds its frame from the next. Allocates nothing after construction.
/// </summary>
/// <remarks>Not thread-safe: one thread (the pacer's) packetises.</remarks>
/// <param name="samplesPerChannel">The samples per channel of each frame (120 or 240).</param>
/// <param name="redundancy">Whether each packet repeats the previous frame.</param>
/// <param name="firstSequence">The first packet's sequence number.</param>
public sealed class LowLatencyAudioPacketizer(int samplesPerChannel, bool redundancy = true, ushort firstSequence = 0)
{
    private readonly byte[] _previous = new byte[LowLatencyAudioPacket.MaxOpusFrameLength];
    private int _previousLength;
    private uint _previousTimestamp;

    /// <summary>The sequence number the next packet carries.</summary>
    public ushort NextSequence { get; private set; } = firstSequence;

    /// <summary>Writes the packet of one frame and keeps the frame for the next packet's redundancy.</summary>
    /// <param name="opusFrame">The frame's Opus packet.</param>
    /// <param name="timestamp">The 48 kHz timestamp of its first sample.</param>
    /// <param name="destination">At least <see cref="LowLatencyAudioPacket.MaxLength"/> bytes.</param>
    /// <returns>The packet's length.</returns>
    public int Packetize(ReadOnlySpan<byte> opusFrame, uint timestamp, Span<byte> destination)
    {
        // Only the frame just before this one is repeated: after a gap (frames not sent) it would be a stale frame.
        var redundant = redundancy && _previousLength > 0 && timestamp - _previousTimestamp == (uint)samplesPerChannel
            ? _previous.AsSpan(0, _previousLength)
            : [];
        var length = LowLatencyAudioPacket.Write(destination, NextSequence, timestamp, samplesPerChannel, opusFrame, redundant);
        NextSequence++;
        opusFrame.CopyTo(_previous);
        _previousLength = opusFrame.Length;
        _previousTimestamp = timestamp;
        return length;
    }

    /// <summary>Forgets the previous frame: the next packet carries no redundancy (after a pause in sending).</summary>
    public void Reset() => _previousLength = 0;
}
