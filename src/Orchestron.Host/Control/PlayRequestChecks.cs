using Orchestron.Host.Sessions;

namespace Orchestron.Host.Control;

/// <summary>
/// The checks every way of playing a session passes before anything reaches it: the HTTP API's request bodies
/// (through <c>SessionRequestValidation</c>) and the control channel's messages alike. A refusal is a
/// <see cref="SessionException"/> (400).
/// </summary>
public static class PlayRequestChecks
{
    /// <summary>The longest delay a MIDI event may ask for, in milliseconds.</summary>
    public const double MaxMidiDelayMs = 60_000;

    /// <summary>A complete channel MIDI message (2 or 3 values: a channel status byte and the data bytes it calls for) and a delay from 0 to 60 s.</summary>
    public static MidiEvent Midi(ReadOnlySpan<int> message, double delayMs)
    {
        if (message.Length is < 2 or > 3)
        {
            throw SessionException.Invalid("Invalid MIDI message", "'message' is [status, data1, data2] (or [status, data1] for two-byte messages).");
        }

        var status = message[0];
        if (status is < 0x80 or > 0xEF)
        {
            throw SessionException.Invalid("Invalid MIDI message", $"The status byte {status} is not a channel message (128 to 239).");
        }

        // Program change (0xC0) and channel pressure (0xD0) carry one data byte; every other channel message two.
        var dataBytes = status is >= 0xC0 and <= 0xDF ? 1 : 2;
        if (message.Length != dataBytes + 1)
        {
            throw SessionException.Invalid(
                "Incomplete MIDI message",
                $"Status byte {status} (0x{status:X2}) is followed by {dataBytes} data byte{(dataBytes == 1 ? "" : "s")}; the message has {message.Length - 1}.");
        }

        for (var i = 1; i < message.Length; i++)
        {
            if (message[i] is < 0 or > 127)
            {
                throw SessionException.Invalid("Invalid MIDI message", $"Data byte {i} is {message[i]}; data bytes are 0 to 127.");
            }
        }

        if (!double.IsFinite(delayMs) || delayMs is < 0 or > MaxMidiDelayMs)
        {
            throw SessionException.Invalid("Invalid MIDI delay", $"'delayMs' is {delayMs}; it must be from 0 to 60000.");
        }

        return new MidiEvent(
            (byte)status, (byte)message[1], message.Length == 3 ? (byte)message[2] : (byte)0, TimeSpan.FromMilliseconds(delayMs));
    }

    /// <summary>A control channel's value: finite, for a name Csound accepts as a channel.</summary>
    public static double ChannelValue(string name, double value)
    {
        if (!IsChannelName(name))
        {
            throw SessionException.Invalid("Invalid channel name", "A channel name is a letter or '_' followed by up to 63 letters, digits or '_'.");
        }

        if (!double.IsFinite(value))
        {
            throw SessionException.Invalid("Invalid channel value", "'value' must be a finite number.");
        }

        return value;
    }

    /// <summary>Whether <paramref name="name"/> is a name Csound accepts as a channel: a letter or '_' then up to 63 letters, digits or '_'.</summary>
    public static bool IsChannelName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > 64 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
