using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Writes RTP payloads for redundant audio data (RFC 2198): earlier encoded packets repeated as redundant blocks
/// ahead of the primary block, so that a receiver rebuilds a lost packet from a later one.
/// </summary>
/// <remarks>
/// <para>
/// The payload starts with one 4-byte header per redundant block (F bit set, block payload type, 14-bit timestamp
/// offset back from the packet's timestamp, 10-bit block length), oldest first, then a 1-byte header for the
/// primary block (F bit clear, its payload type), then the blocks' data in the same order (RFC 2198 section 3).
/// </para>
/// <para>
/// A redundant block is left out when it cannot be described: a timestamp offset of zero or above 16383 (the
/// packet is not earlier, or too much earlier, as after a pause), a length above 1023 bytes, or no room in the
/// destination. The primary block is always written.
/// </para>
/// </remarks>
internal static class RedPacketWriter
{
    /// <summary>The largest timestamp offset a redundant block header holds (14 bits).</summary>
    public const int MaxTimestampOffset = 0x3FFF;

    /// <summary>The largest block length a redundant block header holds (10 bits).</summary>
    public const int MaxBlockLength = 0x3FF;

    /// <summary>The length of a redundant block's header.</summary>
    public const int RedundantHeaderLength = 4;

    /// <summary>The length of the primary block's header.</summary>
    public const int PrimaryHeaderLength = 1;

    /// <summary>
    /// Writes the RED payload of a packet whose RTP timestamp is <paramref name="primaryTimestamp"/>, repeating up
    /// to <paramref name="distance"/> of the most recent packets in <paramref name="history"/>.
    /// </summary>
    /// <param name="destination">Receives the payload.</param>
    /// <param name="blockPayloadType">The payload type of every block (the negotiated Opus payload type).</param>
    /// <param name="primary">This packet's own encoded data.</param>
    /// <param name="primaryTimestamp">This packet's RTP timestamp.</param>
    /// <param name="history">The packets sent before this one, most recent first.</param>
    /// <param name="distance">How many earlier packets to repeat, 0 to <see cref="RedundancyDistance.Max"/>.</param>
    /// <param name="redundantBlocks">How many redundant blocks were written.</param>
    /// <returns>The payload's length, or -1 when even the primary block does not fit.</returns>
    internal static int Write(
        Span<byte> destination,
        byte blockPayloadType,
        ReadOnlySpan<byte> primary,
        uint primaryTimestamp,
        EncodedPacketHistory history,
        int distance,
        out int redundantBlocks)
    {
        redundantBlocks = 0;
        if (PrimaryHeaderLength + primary.Length > destination.Length)
        {
            return -1;
        }

        // Which earlier packets go in, as their ages, youngest first: when room is short, the packet just before
        // this one is the one worth repeating, since a single loss is the likeliest.
        Span<int> ages = stackalloc int[RedundancyDistance.Max];
        var room = destination.Length - PrimaryHeaderLength - primary.Length;
        var last = Math.Min(Math.Min(distance, history.Count), RedundancyDistance.Max);
        for (var age = 1; age <= last; age++)
        {
            var block = history.Get(age, out var timestamp);
            var offset = unchecked(primaryTimestamp - timestamp);
            var size = RedundantHeaderLength + block.Length;
            if (offset == 0 || offset > MaxTimestampOffset || block.Length > MaxBlockLength || size > room)
            {
                continue;
            }

            ages[redundantBlocks++] = age;
            room -= size;
        }

        // Written oldest first, as RFC 2198 orders the blocks.
        ages[..redundantBlocks].Reverse();
        var position = 0;
        for (var i = 0; i < redundantBlocks; i++)
        {
            var block = history.Get(ages[i], out var timestamp);
            var offset = unchecked(primaryTimestamp - timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(
                destination[position..],
                0x8000_0000u | ((uint)(blockPayloadType & 0x7F) << 24) | (offset << 10) | (uint)block.Length);
            position += RedundantHeaderLength;
        }

        destination[position++] = (byte)(blockPayloadType & 0x7F);
        for (var i = 0; i < redundantBlocks; i++)
        {
            var block = history.Get(ages[i], out _);
            block.CopyTo(destination[position..]);
            position += block.Length;
        }

        primary.CopyTo(destination[position..]);
        return position + primary.Length;
    }
}
