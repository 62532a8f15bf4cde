using System.Buffers.Binary;

namespace RenderToWav;

/// <summary>Streams interleaved samples into a 16- or 24-bit PCM WAV file and fixes up the sizes at the end.</summary>
internal sealed class WavWriter : IDisposable
{
    private const int HeaderBytes = 44;

    private readonly FileStream _file;
    private readonly int _channels;
    private readonly int _bytesPerSample;
    private readonly double _fullScale;
    private readonly byte[] _buffer;
    private long _dataBytes;
    private bool _finished;

    internal WavWriter(string path, int sampleRate, int channels, int bitsPerSample, double zeroDbfs, int maxSamplesPerWrite)
    {
        _channels = channels;
        _bytesPerSample = bitsPerSample / 8;
        _fullScale = zeroDbfs;
        _buffer = new byte[maxSamplesPerWrite * _bytesPerSample];
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, sampleRate, channels, bitsPerSample, dataBytes: 0);
        _file.Write(header);
    }

    /// <summary>Frames written so far.</summary>
    internal long Frames => _dataBytes / (_bytesPerSample * _channels);

    /// <summary>Samples that were beyond full scale and were clipped.</summary>
    internal long ClippedSamples { get; private set; }

    /// <summary>The largest magnitude written, relative to full scale.</summary>
    internal double Peak { get; private set; }

    internal void Write(ReadOnlySpan<double> interleaved)
    {
        var bytes = _buffer.AsSpan(0, interleaved.Length * _bytesPerSample);
        var maxCode = _bytesPerSample == 2 ? short.MaxValue : 8388607;
        for (var index = 0; index < interleaved.Length; index++)
        {
            var value = interleaved[index] / _fullScale;
            var magnitude = Math.Abs(value);
            Peak = Math.Max(Peak, magnitude);
            if (magnitude > 1)
            {
                ClippedSamples++;
                value = Math.Sign(value);
            }

            var code = (int)Math.Round(value * maxCode);
            var target = bytes.Slice(index * _bytesPerSample, _bytesPerSample);
            if (_bytesPerSample == 2)
            {
                BinaryPrimitives.WriteInt16LittleEndian(target, (short)code);
            }
            else
            {
                target[0] = (byte)code;
                target[1] = (byte)(code >> 8);
                target[2] = (byte)(code >> 16);
            }
        }

        _file.Write(bytes);
        _dataBytes += bytes.Length;
    }

    /// <summary>Writes the final sizes into the header.</summary>
    internal void Finish()
    {
        if (_finished)
        {
            return;
        }

        if (_dataBytes > uint.MaxValue - HeaderBytes)
        {
            throw new IOException("The render is larger than a WAV file can hold (4 GiB).");
        }

        Span<byte> sizes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(sizes, (uint)(HeaderBytes - 8 + _dataBytes));
        _file.Position = 4;
        _file.Write(sizes);
        BinaryPrimitives.WriteUInt32LittleEndian(sizes, (uint)_dataBytes);
        _file.Position = 40;
        _file.Write(sizes);
        _file.Flush();
        _finished = true;
    }

    public void Dispose() => _file.Dispose();

    private static void WriteHeader(Span<byte> header, int sampleRate, int channels, int bitsPerSample, uint dataBytes)
    {
        var blockAlign = channels * bitsPerSample / 8;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], HeaderBytes - 8 + dataBytes);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)bitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataBytes);
    }
}
