namespace Orchestron.WebRtc.LowLatency;

/// <summary>One audio packet of the low-latency path as read by <see cref="LowLatencyAudioPacket.TryRead"/>; its frames are slices of the message.</summary>
/// <param name="Sequence">The packet's sequence number.</param>
/// <param name="Timestamp">The 48 kHz timestamp of the primary frame's first sample.</param>
/// <param name="SamplesPerChannel">The samples per channel of each frame.</param>
/// <param name="Primary">This period's Opus frame.</param>
/// <param name="Redundant">The previous period's Opus frame, or empty.</param>
public readonly ref struct LowLatencyAudioPacketView(ushort Sequence, uint Timestamp, int SamplesPerChannel, ReadOnlySpan<byte> Primary, ReadOnlySpan<byte> Redundant)
{
    /// <summary>The packet's sequence number.</summary>
    public ushort Sequence { get; } = Sequence;

    /// <summary>The 48 kHz timestamp of the primary frame's first sample.</summary>
    public uint Timestamp { get; } = Timestamp;

    /// <summary>The samples per channel of each frame.</summary>
    public int SamplesPerChannel { get; } = SamplesPerChannel;

    /// <summary>This period's Opus frame.</summary>
    public ReadOnlySpan<byte> Primary { get; } = Primary;

    /// <summary>The previous period's Opus frame (sequence - 1, timestamp - samples), or empty.</summary>
    public ReadOnlySpan<byte> Redundant { get; } = Redundant;
}
