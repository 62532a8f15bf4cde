namespace Orchestron.WebRtc.Stun;

/// <summary>The STUN message types (method and class) this implementation knows.</summary>
public enum StunMessageType : ushort
{
    /// <summary>Binding request: an ICE connectivity check or a consent check.</summary>
    BindingRequest = 0x0001,

    /// <summary>Binding indication: a keep-alive that needs no answer.</summary>
    BindingIndication = 0x0011,

    /// <summary>Binding success response.</summary>
    BindingSuccessResponse = 0x0101,

    /// <summary>Binding error response.</summary>
    BindingErrorResponse = 0x0111,

    /// <summary>TURN Allocate request (RFC 8656): asks for a relayed transport address.</summary>
    AllocateRequest = 0x0003,

    /// <summary>TURN Allocate success response, with XOR-RELAYED-ADDRESS and LIFETIME.</summary>
    AllocateSuccessResponse = 0x0103,

    /// <summary>TURN Allocate error response.</summary>
    AllocateErrorResponse = 0x0113,

    /// <summary>TURN Refresh request: extends an allocation's LIFETIME, or ends it with zero.</summary>
    RefreshRequest = 0x0004,

    /// <summary>TURN Refresh success response.</summary>
    RefreshSuccessResponse = 0x0104,

    /// <summary>TURN Refresh error response.</summary>
    RefreshErrorResponse = 0x0114,

    /// <summary>TURN CreatePermission request: lets datagrams from the XOR-PEER-ADDRESS's IP address through the relay.</summary>
    CreatePermissionRequest = 0x0008,

    /// <summary>TURN CreatePermission success response.</summary>
    CreatePermissionSuccessResponse = 0x0108,

    /// <summary>TURN CreatePermission error response.</summary>
    CreatePermissionErrorResponse = 0x0118,

    /// <summary>TURN ChannelBind request: binds a channel number to a peer, for four-byte ChannelData framing.</summary>
    ChannelBindRequest = 0x0009,

    /// <summary>TURN ChannelBind success response.</summary>
    ChannelBindSuccessResponse = 0x0109,

    /// <summary>TURN ChannelBind error response.</summary>
    ChannelBindErrorResponse = 0x0119,

    /// <summary>TURN Send indication: data for a peer, wrapped in STUN.</summary>
    SendIndication = 0x0016,

    /// <summary>TURN Data indication: data from a peer that has no channel, wrapped in STUN.</summary>
    DataIndication = 0x0017,
}
