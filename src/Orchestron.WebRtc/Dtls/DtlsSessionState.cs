namespace Orchestron.WebRtc.Dtls;

/// <summary>Where a <see cref="DtlsSession"/> stands.</summary>
public enum DtlsSessionState
{
    /// <summary>Created; no handshake message exchanged.</summary>
    New,

    /// <summary>Handshake in progress.</summary>
    Connecting,

    /// <summary>Handshake done, peer certificate matches the SDP fingerprint, SRTP keys exported.</summary>
    Connected,

    /// <summary>The handshake failed or the peer's certificate did not match; no keys.</summary>
    Failed,

    /// <summary>Closed by us or by the peer's close_notify.</summary>
    Closed,
}
