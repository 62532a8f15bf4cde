namespace Orchestron.WebRtc.Sdp;

/// <summary>An SDP offer that cannot be read or cannot be answered; the message says what is wrong.</summary>
public class SdpException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public SdpException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public SdpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    public SdpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
