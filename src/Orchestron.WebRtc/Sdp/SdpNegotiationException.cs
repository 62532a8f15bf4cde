namespace Orchestron.WebRtc.Sdp;

/// <summary>A well-formed offer this sender cannot answer (no audio, no Opus, no DTLS-SRTP...).</summary>
public sealed class SdpNegotiationException : SdpException
{
    /// <summary>Creates an exception with no message.</summary>
    public SdpNegotiationException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public SdpNegotiationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    public SdpNegotiationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
