namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>An OpenSSL call failed; the message names the call and carries OpenSSL's error queue.</summary>
/// <remarks>Internal: the DTLS layer above turns it into its public exception type.</remarks>
internal sealed class OpenSslException : Exception
{
    public OpenSslException()
    {
    }

    public OpenSslException(string message)
        : base(message)
    {
    }

    public OpenSslException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
