namespace Orchestron.WebRtc.Sdp;

/// <summary>The a=setup attribute (RFC 4145, RFC 5763): who starts the DTLS handshake.</summary>
public enum SdpSetupRole
{
    /// <summary>a=setup:actpass: the offerer lets the answerer choose.</summary>
    ActPass,

    /// <summary>a=setup:active: the writer sends the ClientHello.</summary>
    Active,

    /// <summary>a=setup:passive: the writer waits for the ClientHello.</summary>
    Passive,

    /// <summary>a=setup:holdconn: no connection yet.</summary>
    HoldConn,
}
