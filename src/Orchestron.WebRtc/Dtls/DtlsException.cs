namespace Orchestron.WebRtc.Dtls;

/// <summary>A DTLS set-up or handshake failure; the message carries OpenSSL's error queue when it has one.</summary>
public sealed class DtlsException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public DtlsException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public DtlsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> and an inner exception.</summary>
    public DtlsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
