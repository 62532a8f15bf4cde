using System.Buffers.Binary;
using System.Text;

namespace Orchestron.Streaming.Sandbox;

/// <summary>Builds a control message payload.</summary>
internal sealed class WorkerPayloadWriter
{
    private readonly MemoryStream _bytes = new();

    /// <summary>Appends a 32-bit integer.</summary>
    internal WorkerPayloadWriter Int(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>Appends a double.</summary>
    internal WorkerPayloadWriter Double(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>Appends a byte.</summary>
    internal WorkerPayloadWriter Byte(byte value)
    {
        _bytes.WriteByte(value);
        return this;
    }

    /// <summary>Appends a length-prefixed UTF-8 string.</summary>
    internal WorkerPayloadWriter String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>The payload so far.</summary>
    internal ReadOnlySpan<byte> ToSpan() => _bytes.GetBuffer().AsSpan(0, (int)_bytes.Length);
}
