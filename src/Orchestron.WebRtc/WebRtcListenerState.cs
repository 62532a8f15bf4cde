namespace Orchestron.WebRtc;

/// <summary>The connection state of one listener, as a browser's <c>RTCPeerConnectionState</c> names it.</summary>
public enum WebRtcListenerState
{
    /// <summary>The answer was sent; no valid connectivity check has arrived yet.</summary>
    New,

    /// <summary>ICE checks arrive; the DTLS handshake is under way.</summary>
    Connecting,

    /// <summary>DTLS is done, the peer's certificate matched its fingerprint, and media flows over SRTP.</summary>
    Connected,

    /// <summary>The connection failed (handshake, fingerprint, timeout or lost consent); no media is sent.</summary>
    Failed,

    /// <summary>The listener left or was removed; no media is sent.</summary>
    Closed,
}
