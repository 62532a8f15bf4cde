namespace Orchestron.WebRtc.Sdp;

/// <summary>Malformed SDP: the message names the line number and the field that could not be read.</summary>
public sealed class SdpParseException : SdpException
{
    /// <summary>Creates an exception with no message.</summary>
    public SdpParseException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public SdpParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for line <paramref name="lineNumber"/> (1-based), field <paramref name="field"/>.</summary>
    public SdpParseException(int lineNumber, string field, string problem)
        : base($"SDP line {lineNumber} ({field}): {problem}")
    {
        LineNumber = lineNumber;
        Field = field;
    }

    /// <summary>The 1-based line number, or 0 when the problem is not on one line.</summary>
    public int LineNumber { get; }

    /// <summary>The field or attribute at fault, e.g. "a=rtpmap", or null.</summary>
    public string? Field { get; }
}
