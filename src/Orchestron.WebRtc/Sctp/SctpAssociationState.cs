namespace Orchestron.WebRtc.Sctp;

/// <summary>The states of RFC 4960 section 4 that this association passes through.</summary>
internal enum SctpAssociationState
{
    /// <summary>No association yet; an INIT is answered statelessly with a signed cookie.</summary>
    Closed,

    /// <summary>Our INIT is out; waiting for the INIT-ACK.</summary>
    CookieWait,

    /// <summary>Our COOKIE-ECHO is out; waiting for the COOKIE-ACK.</summary>
    CookieEchoed,

    /// <summary>Data flows both ways.</summary>
    Established,

    /// <summary>Our SHUTDOWN is out; waiting for the SHUTDOWN-ACK.</summary>
    ShutdownSent,

    /// <summary>The peer's SHUTDOWN is acknowledged; waiting for its SHUTDOWN-COMPLETE.</summary>
    ShutdownAckSent,

    /// <summary>Ended by either side, or by a protocol violation; nothing more is sent or received.</summary>
    Terminated,
}
