using System.Buffers.Binary;
using System.Text.Unicode;

namespace Orchestron.Host.Control;

/// <summary>Writes the host's two replies (see <see cref="ControlMessageFormat"/>) into a caller's buffer.</summary>
public static class ControlReplies
{
    /// <summary>The longest reply: an error with the longest explanation.</summary>
    public const int MaxLength = ControlMessageFormat.ErrorHeaderLength + ControlMessageFormat.MaxErrorDetailBytes;

    /// <summary>Writes the pong to a ping with <paramref name="tag"/> and <paramref name="payload"/>; returns its length.</summary>
    public static int WritePong(Span<byte> destination, ushort tag, ReadOnlySpan<byte> payload)
    {
        WriteHeader(destination, ControlMessageKind.Pong, tag);
        payload.CopyTo(destination[ControlMessageFormat.HeaderLength..]);
        return ControlMessageFormat.HeaderLength + payload.Length;
    }

    /// <summary>
    /// Writes the refusal of the message tagged <paramref name="tag"/>: why, how many seconds until a retry can pass
    /// (0: retrying does not help; at most 255), and <paramref name="detail"/> cut to <see cref="ControlMessageFormat.MaxErrorDetailBytes"/>
    /// bytes of UTF-8 at a character boundary. Returns its length.
    /// </summary>
    public static int WriteError(Span<byte> destination, ushort tag, ControlError error, TimeSpan? retryAfter, ReadOnlySpan<char> detail)
    {
        WriteHeader(destination, ControlMessageKind.Error, tag);
        destination[4] = (byte)error;
        destination[5] = retryAfter is { } wait ? (byte)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 255) : (byte)0;
        var room = destination[ControlMessageFormat.ErrorHeaderLength..];
        room = room[..Math.Min(room.Length, ControlMessageFormat.MaxErrorDetailBytes)];
        Utf8.FromUtf16(detail, room, out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        return ControlMessageFormat.ErrorHeaderLength + written;
    }

    private static void WriteHeader(Span<byte> destination, ControlMessageKind kind, ushort tag)
    {
        destination[0] = ControlMessageFormat.Version;
        destination[1] = (byte)kind;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], tag);
    }
}
