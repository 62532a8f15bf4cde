namespace Orchestron.WebRtc.Dtls;

/// <summary>Which end of the handshake we are; follows from the SDP a=setup attributes.</summary>
public enum DtlsRole
{
    /// <summary>We wait for the ClientHello (a=setup:passive in our answer).</summary>
    Server,

    /// <summary>We send the ClientHello (a=setup:active in our answer).</summary>
    Client,
}
