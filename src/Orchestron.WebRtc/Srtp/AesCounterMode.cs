using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// AES in counter mode (RFC 3711 section 4.1.1): the keystream block i is AES_k(IV + i), XORed onto the data.
/// </summary>
/// <remarks>
/// The keystream is made through a reusable ECB <see cref="ICryptoTransform"/> over preallocated arrays,
/// because the span one-shot <c>Aes.EncryptEcb</c> allocates a cipher object on every call.
/// Not thread-safe: one instance serves one caller at a time.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int BlocksPerBatch = 16;
    private const int BatchSize = BlockSize * BlocksPerBatch;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[BatchSize];
    private readonly byte[] _keystream = new byte[BatchSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at <paramref name="iv"/> onto <paramref name="data"/> in place.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var counter = BinaryPrimitives.ReadUInt128BigEndian(iv);
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, BatchSize);
            var blocks = (chunk + BlockSize - 1) / BlockSize;
            for (var block = 0; block < blocks; block++)
            {
                BinaryPrimitives.WriteUInt128BigEndian(_counterBlocks.AsSpan(block * BlockSize, BlockSize), counter);
                counter++;
            }

            _ecb.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0);
            var target = data[..chunk];
            for (var i = 0; i < target.Length; i++)
            {
                target[i] ^= _keystream[i];
            }

            data = data[chunk..];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
