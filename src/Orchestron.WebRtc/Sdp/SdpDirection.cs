namespace Orchestron.WebRtc.Sdp;

/// <summary>A media section's direction attribute, from the point of view of its writer.</summary>
public enum SdpDirection
{
    /// <summary>a=sendrecv (the default when none is given).</summary>
    SendRecv,

    /// <summary>a=sendonly.</summary>
    SendOnly,

    /// <summary>a=recvonly.</summary>
    RecvOnly,

    /// <summary>a=inactive.</summary>
    Inactive,
}
