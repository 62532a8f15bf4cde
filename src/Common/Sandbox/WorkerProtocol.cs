using System.Buffers.Binary;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// The framing of the control channel between the host and a Csound worker: each message is a 32-bit
/// little-endian length, then a type byte and its payload (that length long in all). Strings are a 32-bit length
/// and UTF-8; numbers are little-endian.
/// </summary>
/// <remarks>
/// Each direction has a size limit, and a reader refuses a longer message before reading it, so a worker cannot
/// make the host buffer more than <see cref="MaxWorkerMessageBytes"/> for one message.
/// </remarks>
internal static class WorkerProtocol
{
    /// <summary>The version both sides announce in their <see cref="WorkerMessageType.Hello"/>.</summary>
    internal const int Version = 1;

    /// <summary>The largest message the host sends: room for a CSD of 512 KiB.</summary>
    internal const int MaxHostMessageBytes = 1024 * 1024;

    /// <summary>The largest message a worker may send; a longer one is a protocol violation.</summary>
    internal const int MaxWorkerMessageBytes = 64 * 1024;

    /// <summary>The longest Csound line a worker forwards; longer lines are cut.</summary>
    internal const int MaxLogLineChars = 1024;

    /// <summary>The level byte of a <see cref="WorkerMessageType.Log"/> line that looks like a warning (Microsoft.Extensions.Logging's number).</summary>
    internal const byte LogLevelWarning = 3;

    /// <summary>The level byte of a <see cref="WorkerMessageType.Log"/> line that looks like an error.</summary>
    internal const byte LogLevelError = 4;

    /// <summary>Writes one message (type and payload) and flushes it.</summary>
    /// <param name="stream">The pipe.</param>
    /// <param name="type">The message type.</param>
    /// <param name="payload">The payload, built with <see cref="WorkerPayloadWriter"/>.</param>
    /// <param name="maxBytes">The receiver's limit.</param>
    /// <exception cref="InvalidDataException">The message is longer than <paramref name="maxBytes"/>.</exception>
    internal static void Write(Stream stream, WorkerMessageType type, ReadOnlySpan<byte> payload, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (payload.Length + 1 > maxBytes)
        {
            throw new InvalidDataException($"A {type} message of {payload.Length + 1} bytes exceeds the limit of {maxBytes}.");
        }

        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length + 1);
        frame[4] = (byte)type;
        payload.CopyTo(frame.AsSpan(5));
        stream.Write(frame);
        stream.Flush();
    }

    /// <summary>Reads one message; null at the end of the stream.</summary>
    /// <param name="stream">The pipe.</param>
    /// <param name="maxBytes">The largest message accepted.</param>
    /// <exception cref="InvalidDataException">The length is out of bounds, the type unknown, or the stream ends inside a message.</exception>
    internal static (WorkerMessageType Type, byte[] Payload)? Read(Stream stream, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[4];
        var got = ReadFully(stream, header);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new InvalidDataException("The control stream ended inside a message length.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > maxBytes)
        {
            throw new InvalidDataException($"A control message of {length} bytes is outside 1 to {maxBytes}.");
        }

        var body = new byte[length];
        if (ReadFully(stream, body) < length)
        {
            throw new InvalidDataException("The control stream ended inside a message.");
        }

        var type = (WorkerMessageType)body[0];
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException($"Unknown control message type {body[0]}.");
        }

        return (type, body[1..]);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
