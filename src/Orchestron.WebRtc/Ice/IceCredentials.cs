using System.Security.Cryptography;
using System.Text;

namespace Orchestron.WebRtc.Ice;

/// <summary>An ICE username fragment and password (RFC 8839 section 5.4).</summary>
public sealed class IceCredentials
{
    /// <summary>The shortest username fragment RFC 8839 allows.</summary>
    public const int MinUfragLength = 4;

    /// <summary>The shortest password RFC 8839 allows.</summary>
    public const int MinPasswordLength = 22;

    /// <summary>The longest username fragment or password RFC 8839 allows.</summary>
    public const int MaxLength = 256;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Creates credentials from given values after checking length and character set.</summary>
    public IceCredentials(string ufrag, string password)
    {
        Validate(ufrag, MinUfragLength, nameof(ufrag));
        Validate(password, MinPasswordLength, nameof(password));
        Ufrag = ufrag;
        Password = password;
        PasswordKey = Encoding.ASCII.GetBytes(password);
    }

    /// <summary>The username fragment (a=ice-ufrag).</summary>
    public string Ufrag { get; }

    /// <summary>The password (a=ice-pwd).</summary>
    public string Password { get; }

    /// <summary>The password as the short-term credential key of MESSAGE-INTEGRITY.</summary>
    internal byte[] PasswordKey { get; }

    /// <summary>Generates fresh random credentials: an 8-character ufrag and a 24-character password.</summary>
    public static IceCredentials Generate() => new(RandomIceString(8), RandomIceString(24));

    /// <summary>Whether <paramref name="c"/> is an ICE character (ALPHA / DIGIT / "+" / "/").</summary>
    public static bool IsIceChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/';

    private static string RandomIceString(int length) => RandomNumberGenerator.GetString(IceChars, length);

    private static void Validate(string value, int minLength, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length < minLength || value.Length > MaxLength)
        {
            throw new ArgumentException($"An ICE {name} has {minLength} to {MaxLength} characters; got {value.Length}.", name);
        }

        foreach (var c in value)
        {
            if (!IsIceChar(c))
            {
                throw new ArgumentException($"An ICE {name} holds only letters, digits, '+' and '/'; found '{c}'.", name);
            }
        }
    }
}
