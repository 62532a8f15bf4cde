using System.Buffers.Binary;

namespace Orchestron.WebRtc.Turn;

/// <summary>
/// TURN's ChannelData framing (RFC 8656 section 12.4): a channel number from 0x4000 to 0x4FFF, the data's length,
/// then the data, four bytes of overhead instead of a Send indication's 36. Its first byte (64 to 79) tells it
/// apart from STUN, DTLS and RTP on one port (RFC 7983).
/// </summary>
public static class TurnChannelData
{
    /// <summary>The framing's header length.</summary>
    public const int HeaderLength = 4;

    /// <summary>The lowest channel number a client may bind.</summary>
    public const ushort FirstChannel = 0x4000;

    /// <summary>The highest channel number a client may bind.</summary>
    public const ushort LastChannel = 0x4FFF;

    /// <summary>Whether <paramref name="datagram"/> starts like ChannelData (first byte 64 to 79).</summary>
    public static bool LooksLikeChannelData(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderLength && datagram[0] is >= 0x40 and <= 0x4F;

    /// <summary>
    /// Frames <paramref name="data"/> for <paramref name="channel"/> into <paramref name="destination"/>, padded to a
    /// multiple of four (which TCP needs and UDP allows), and returns the bytes written.
    /// </summary>
    public static int Write(ushort channel, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (channel is < FirstChannel or > LastChannel)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "A TURN channel number is 0x4000 to 0x4FFF.");
        }

        if (data.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"ChannelData carries at most {ushort.MaxValue} bytes, not {data.Length}.", nameof(data));
        }

        var length = HeaderLength + ((data.Length + 3) & ~3);
        if (destination.Length < length)
        {
            throw new ArgumentException($"ChannelData of {data.Length} bytes needs {length} bytes of buffer, got {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)data.Length);
        data.CopyTo(destination[HeaderLength..]);
        destination[(HeaderLength + data.Length)..length].Clear();
        return length;
    }

    /// <summary>
    /// Reads ChannelData: false, with nothing read, when the channel is outside the client range or the length
    /// field claims more bytes than the datagram has.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ushort channel, out ReadOnlySpan<byte> data)
    {
        channel = 0;
        data = default;
        if (!LooksLikeChannelData(datagram))
        {
            return false;
        }

        var number = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (number > LastChannel || length > datagram.Length - HeaderLength)
        {
            return false;
        }

        channel = number;
        data = datagram.Slice(HeaderLength, length);
        return true;
    }
}
