namespace Orchestron.WebRtc;

/// <summary>An offer could not be accepted for a reason other than its SDP: e.g. the session is full or closed.</summary>
public sealed class WebRtcNegotiationException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public WebRtcNegotiationException()
    {
    }

    /// <summary>Creates the exception with a message that says why the offer was refused.</summary>
    /// <param name="message">Why the offer was refused.</param>
    public WebRtcNegotiationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">Why the offer was refused.</param>
    /// <param name="innerException">The underlying error.</param>
    public WebRtcNegotiationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
