namespace Orchestron.WebRtc.Dtls;

/// <summary>Sends one DTLS datagram to the peer; called with the session's lock held, so it must not call back into it.</summary>
/// <param name="datagram">The datagram; valid only during the call.</param>
public delegate void DtlsDatagramSender(ReadOnlySpan<byte> datagram);
