using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// SRTP master keys exported from a finished DTLS handshake (RFC 5764 section 4.2): ours protect what we send, the
/// peer's unprotect what we receive.
/// </summary>
/// <param name="Profile">The negotiated protection profile.</param>
/// <param name="LocalMasterKey">Master key for packets we send.</param>
/// <param name="LocalMasterSalt">Master salt for packets we send.</param>
/// <param name="RemoteMasterKey">Master key for packets the peer sends.</param>
/// <param name="RemoteMasterSalt">Master salt for packets the peer sends.</param>
public sealed record DtlsSrtpKeys(
    SrtpProtectionProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt);
