using System.Text;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Api;

/// <summary>
/// Checks the sessions API's request bodies before anything reaches a session, and turns them into checked
/// values; a refusal is a <see cref="SessionException"/> the endpoints show as a 400 or 413 problem.
/// </summary>
public static class SessionRequestValidation
{
    /// <summary>The largest CSD text accepted.</summary>
    public const int MaxCsdBytes = 256 * 1024;

    /// <summary>The longest delay a MIDI event may ask for, in milliseconds.</summary>
    public const double MaxMidiDelayMs = 60_000;

    /// <summary>The instrument id and CSD text of a create request: at most one of them, and CSD text of a bounded size.</summary>
    public static (string? InstrumentId, string? Csd) Source(CreateSessionRequest? request)
    {
        var (instrument, csd) = (request?.Instrument, request?.Csd);
        if (instrument is not null && csd is not null)
        {
            throw SessionException.Invalid("Choose an instrument or CSD text", "Give 'instrument' or 'csd', not both.");
        }

        if (csd is not null && Encoding.UTF8.GetByteCount(csd) > MaxCsdBytes)
        {
            throw new SessionException(SessionProblem.TooLarge, "CSD too large", $"The CSD text is larger than {MaxCsdBytes / 1024} KiB.");
        }

        if (csd is not null)
        {
            CsdTextValidation.Check(csd);
        }

        return (instrument, csd);
    }

    /// <summary>A complete channel message (as many data bytes as its status byte calls for) and a delay from 0 to 60 s.</summary>
    public static MidiEvent Midi(MidiEventRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = request.Message;
        if (message is null || message.Count is < 2 or > 3)
        {
            throw SessionException.Invalid("Invalid MIDI message", "'message' is [status, data1, data2] (or [status, data1] for two-byte messages).");
        }

        Span<int> bytes = stackalloc int[message.Count];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = message[i];
        }

        return Midi(bytes, request.DelayMs ?? 0);
    }

    /// <summary>
    /// The same checks for a message already in hand, as the control channel delivers it: 2 or 3 values, a channel
    /// status byte, its data bytes, a delay from 0 to 60 s.
    /// </summary>
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

    /// <summary>A control channel's value: present and finite, for a name Csound accepts as a channel.</summary>
    public static double ChannelValue(string name, ChannelValueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Value ?? throw SessionException.Invalid("Missing value", "The body is {\"value\": number}.");
        return ChannelValue(name, value);
    }

    /// <summary>The same checks for a value already in hand, as the control channel delivers it.</summary>
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
