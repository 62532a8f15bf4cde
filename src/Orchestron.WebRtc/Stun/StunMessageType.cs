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
}
