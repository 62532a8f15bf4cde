using System.Text;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Control;

/// <summary>
/// The channel names one control connection has sent, as strings made once: a knob moved a thousand times names
/// its channel a thousand times, and the session's calls take a string. Holds at most <see cref="Capacity"/> names;
/// past that a name is made afresh each time (a CSD declares far fewer channels).
/// </summary>
internal sealed class ChannelNameCache
{
    /// <summary>The most names kept.</summary>
    public const int Capacity = 64;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ChannelNameCache() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The name in <paramref name="ascii"/> as a string; refused as the HTTP API refuses a bad channel name.</summary>
    public string NameOf(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length is 0 or > ControlMessageFormat.MaxChannelNameLength)
        {
            throw SessionException.Invalid("Invalid channel name", "A channel name is 1 to 64 ASCII characters.");
        }

        Span<char> name = stackalloc char[ascii.Length];
        if (!Ascii.IsValid(ascii) || Encoding.ASCII.GetChars(ascii, name) != ascii.Length || !PlayRequestChecks.IsChannelName(name))
        {
            throw SessionException.Invalid("Invalid channel name", "A channel name is a letter or '_' followed by up to 63 letters, digits or '_'.");
        }

        if (_lookup.TryGetValue(name, out var known))
        {
            return known;
        }

        var made = name.ToString();
        if (_names.Count < Capacity)
        {
            _names[made] = made;
        }

        return made;
    }
}
