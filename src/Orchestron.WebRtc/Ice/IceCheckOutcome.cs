namespace Orchestron.WebRtc.Ice;

/// <summary>What <see cref="IceLiteAgent.ProcessBindingRequest"/> did with a datagram.</summary>
public enum IceCheckOutcome
{
    /// <summary>Not a well-formed STUN message: dropped.</summary>
    Malformed,

    /// <summary>Well-formed STUN, but not a binding request (e.g. an indication): dropped without answer.</summary>
    NotBindingRequest,

    /// <summary>
    /// A binding request whose USERNAME, MESSAGE-INTEGRITY or FINGERPRINT is missing or wrong: dropped without
    /// answer and counted, so a peer with the wrong password never learns anything.
    /// </summary>
    Rejected,

    /// <summary>A valid check: a success response was written and the remote endpoint recorded.</summary>
    Accepted,
}
