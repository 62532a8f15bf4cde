using System.Buffers.Binary;

namespace Orchestron.Csound.Tests.Support;

/// <summary>Reads PCM (16/24/32-bit) and 32-bit float WAV files into interleaved doubles.</summary>
internal sealed record WavFile(int SampleRate, int Channels, int BitsPerSample, double[] Samples)
{
    internal static WavFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        int format = 0, channels = 0, sampleRate = 0, bits = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = bytes.AsSpan(offset + 8, Math.Min(size, bytes.Length - offset - 8));
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
                if (format == 0xFFFE)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
                }
            }
            else if (id == "data")
            {
                return new WavFile(sampleRate, channels, bits, Decode(body, format, bits));
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }

    private static double[] Decode(ReadOnlySpan<byte> data, int format, int bits)
    {
        var width = bits / 8;
        var samples = new double[data.Length / width];
        for (var index = 0; index < samples.Length; index++)
        {
            var sample = data.Slice(index * width, width);
            samples[index] = (format, bits) switch
            {
                (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(sample) / 32768.0,
                (1, 24) => ((sample[0] | (sample[1] << 8) | (sample[2] << 16)) << 8 >> 8) / 8388608.0,
                (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(sample) / 2147483648.0,
                (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(sample),
                _ => throw new NotSupportedException($"WAV format {format} with {bits} bits"),
            };
        }

        return samples;
    }
}
