using System.Buffers.Binary;
using System.Text;

namespace Orchestron.Streaming.Sandbox;

/// <summary>Reads a control message payload, refusing anything that runs past its end.</summary>
/// <param name="payload">The payload.</param>
internal sealed class WorkerPayloadReader(byte[] payload)
{
    private int _offset;

    /// <summary>Reads a 32-bit integer.</summary>
    /// <exception cref="InvalidDataException">The payload is too short.</exception>
    internal int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads a double.</summary>
    /// <exception cref="InvalidDataException">The payload is too short.</exception>
    internal double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads a byte.</summary>
    /// <exception cref="InvalidDataException">The payload is too short.</exception>
    internal byte Byte() => Take(1)[0];

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    /// <exception cref="InvalidDataException">The payload is too short or the length negative.</exception>
    internal string String()
    {
        var length = Int();
        if (length < 0)
        {
            throw new InvalidDataException("A string length in a control message is negative.");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Checks that the whole payload was read.</summary>
    /// <exception cref="InvalidDataException">Bytes are left over.</exception>
    internal void End()
    {
        if (_offset != payload.Length)
        {
            throw new InvalidDataException($"A control message has {payload.Length - _offset} bytes too many.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > payload.Length - _offset)
        {
            throw new InvalidDataException("A control message is shorter than its fields.");
        }

        var span = payload.AsSpan(_offset, count);
        _offset += count;
        return span;
    }
}
