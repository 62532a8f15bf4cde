using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as SDP's a=fingerprint carries it (RFC 8122): a hash function name and the hash of the
/// DER certificate, written as upper-case hex pairs joined by colons.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _value;

    private DtlsFingerprint(string algorithm, byte[] value)
    {
        Algorithm = algorithm;
        _value = value;
    }

    /// <summary>The hash function's SDP name in lower case, e.g. "sha-256".</summary>
    public string Algorithm { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Hashes <paramref name="certificateDer"/> with <paramref name="algorithm"/> (sha-1, sha-256, sha-384 or sha-512).</summary>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> certificateDer, string algorithm = "sha-256")
    {
        var name = algorithm.ToLowerInvariant();
        return new DtlsFingerprint(name, Hash(name, certificateDer)
            ?? throw new ArgumentException($"Unsupported fingerprint hash function '{algorithm}'; use sha-1, sha-256, sha-384 or sha-512.", nameof(algorithm)));
    }

    /// <summary>Parses the value of a=fingerprint, e.g. <c>sha-256 AB:CD:...</c>.</summary>
    /// <exception cref="FormatException">Names what is wrong with <paramref name="text"/>.</exception>
    public static DtlsFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint, out var error) ? fingerprint : throw new FormatException(error);

    /// <summary>Parses the value of a=fingerprint; <paramref name="error"/> says what is wrong when it fails.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint, [NotNullWhen(false)] out string? error)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The fingerprint is empty.";
            return false;
        }

        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            error = $"A fingerprint is '<hash-function> <hex:pairs>', got '{Truncate(text)}'.";
            return false;
        }

        var algorithm = parts[0].ToLowerInvariant();
        var expectedLength = HashLength(algorithm);
        if (expectedLength == 0)
        {
            error = $"Unsupported fingerprint hash function '{Truncate(parts[0])}'; use sha-1, sha-256, sha-384 or sha-512.";
            return false;
        }

        var pairs = parts[1].Split(':');
        if (pairs.Length != expectedLength)
        {
            error = $"A {algorithm} fingerprint has {expectedLength} hex pairs, got {pairs.Length}.";
            return false;
        }

        var value = new byte[expectedLength];
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Length != 2 || !byte.TryParse(pairs[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value[i]))
            {
                error = $"Fingerprint pair {i + 1} ('{Truncate(pairs[i])}') is not two hex digits.";
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(algorithm, value);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="certificateDer"/> hashes to this fingerprint with its hash function.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        var actual = Hash(Algorithm, certificateDer);
        return actual is not null && CryptographicOperations.FixedTimeEquals(actual, _value);
    }

    /// <summary>The SDP form, e.g. <c>sha-256 AB:CD:...</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Algorithm.Length + 1 + (_value.Length * 3));
        text.Append(Algorithm).Append(' ');
        for (var i = 0; i < _value.Length; i++)
        {
            if (i > 0)
            {
                text.Append(':');
            }

            text.Append(_value[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && _value.AsSpan().SequenceEqual(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    private static int HashLength(string algorithm) => algorithm switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    private static byte[]? Hash(string algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        "sha-1" => SHA1.HashData(data),
        "sha-256" => SHA256.HashData(data),
        "sha-384" => SHA384.HashData(data),
        "sha-512" => SHA512.HashData(data),
        _ => null,
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
