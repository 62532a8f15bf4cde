using System.Text;
using Orchestron.Host.Control;
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
    public const double MaxMidiDelayMs = PlayRequestChecks.MaxMidiDelayMs;

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

        return PlayRequestChecks.Midi(bytes, request.DelayMs ?? 0);
    }

    /// <summary>A control channel's value: present and finite, for a name Csound accepts as a channel.</summary>
    public static double ChannelValue(string name, ChannelValueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Value ?? throw SessionException.Invalid("Missing value", "The body is {\"value\": number}.");
        return PlayRequestChecks.ChannelValue(name, value);
    }
}
