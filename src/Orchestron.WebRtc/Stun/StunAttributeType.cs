namespace Orchestron.WebRtc.Stun;

/// <summary>STUN attribute types used by ICE (RFC 8489, RFC 8445).</summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 3489 compatibility).</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME: for ICE, "receiverUfrag:senderUfrag".</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY: HMAC-SHA1 over the message, keyed with the short-term password.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE: class, number and reason phrase.</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES.</summary>
    UnknownAttributes = 0x000A,

    /// <summary>REALM (long-term credentials).</summary>
    Realm = 0x0014,

    /// <summary>NONCE (long-term credentials).</summary>
    Nonce = 0x0015,

    /// <summary>XOR-MAPPED-ADDRESS: the source address of the request, XORed with the cookie and transaction id.</summary>
    XorMappedAddress = 0x0020,

    /// <summary>PRIORITY: the priority a peer-reflexive candidate learnt from this check would get.</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE: the controlling agent nominates this pair.</summary>
    UseCandidate = 0x0025,

    /// <summary>SOFTWARE: a description of the sender's software.</summary>
    Software = 0x8022,

    /// <summary>FINGERPRINT: CRC-32 of the message XOR 0x5354554E.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED: the sender is the controlled agent; carries its tie-breaker.</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING: the sender is the controlling agent; carries its tie-breaker.</summary>
    IceControlling = 0x802A,

    /// <summary>CHANNEL-NUMBER (RFC 8656): the channel, 0x4000 to 0x4FFF, then two reserved bytes.</summary>
    ChannelNumber = 0x000C,

    /// <summary>LIFETIME (RFC 8656): seconds until the allocation expires unless refreshed.</summary>
    Lifetime = 0x000D,

    /// <summary>XOR-PEER-ADDRESS (RFC 8656): a peer's address, encoded as XOR-MAPPED-ADDRESS is.</summary>
    XorPeerAddress = 0x0012,

    /// <summary>DATA (RFC 8656): the payload of a Send or Data indication.</summary>
    Data = 0x0013,

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656): the relayed transport address the server allocated.</summary>
    XorRelayedAddress = 0x0016,

    /// <summary>REQUESTED-TRANSPORT (RFC 8656): the protocol of the relay, 17 for UDP, then three reserved bytes.</summary>
    RequestedTransport = 0x0019,
}
