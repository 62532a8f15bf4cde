namespace Orchestron.WebRtc.LowLatency;

/// <summary>Receives one Opus frame of the low-latency path, in order.</summary>
/// <param name="opusFrame">The frame, valid only during the call.</param>
/// <param name="timestamp">The 48 kHz timestamp of its first sample.</param>
/// <param name="recovered">True when it came from the next packet's redundancy because its own packet was lost.</param>
public delegate void LowLatencyAudioFrameHandler(ReadOnlySpan<byte> opusFrame, uint timestamp, bool recovered);

/// <summary>
/// The listener's side of the low-latency path's packets: puts frames in order, rebuilds a frame whose packet was
/// lost from the next packet's redundancy, drops late and duplicate packets, and ignores malformed ones.
/// </summary>
/// <remarks>
/// The browser client does the same in JavaScript; this reader is the reference it is tested against, and serves a
/// .NET listener. Not thread-safe.
/// </remarks>
public sealed class LowLatencyAudioReader
{
    private bool _started;
    private ushort _lastSequence;

    /// <summary>Well-formed audio packets read.</summary>
    public long PacketsRead { get; private set; }

    /// <summary>Frames rebuilt from a later packet's redundancy.</summary>
    public long FramesRecovered { get; private set; }

    /// <summary>Frames neither received nor rebuilt (two or more packets lost in a row).</summary>
    public long FramesLost { get; private set; }

    /// <summary>Packets that came after a later one, or twice, and were dropped.</summary>
    public long PacketsLate { get; private set; }

    /// <summary>Messages that were not well-formed audio packets and were ignored.</summary>
    public long PacketsMalformed { get; private set; }

    /// <summary>Reads one message and hands on the frames it completes, oldest first.</summary>
    /// <param name="packet">A message from the channel.</param>
    /// <param name="onFrame">Gets each frame in order.</param>
    /// <returns>The number of frames handed on (0 for a late, duplicate or malformed packet).</returns>
    public int Read(ReadOnlySpan<byte> packet, LowLatencyAudioFrameHandler onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (!LowLatencyAudioPacket.TryRead(packet, out var audio))
        {
            PacketsMalformed++;
            return 0;
        }

        var gap = _started ? (short)(ushort)(audio.Sequence - _lastSequence) : 1;
        if (gap <= 0)
        {
            PacketsLate++;
            return 0;
        }

        PacketsRead++;
        _started = true;
        _lastSequence = audio.Sequence;
        var frames = 0;
        if (gap > 1)
        {
            // The packet before this one never came: its frame rides along here; anything before that is gone.
            FramesLost += gap - 2;
            if (audio.Redundant.IsEmpty)
            {
                FramesLost++;
            }
            else
            {
                FramesRecovered++;
                onFrame(audio.Redundant, audio.Timestamp - (uint)audio.SamplesPerChannel, recovered: true);
                frames++;
            }
        }

        onFrame(audio.Primary, audio.Timestamp, recovered: false);
        return frames + 1;
    }
}
