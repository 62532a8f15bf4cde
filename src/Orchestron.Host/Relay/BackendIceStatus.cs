using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Relay;

/// <summary>
/// Where the backend ICE servers stand, for <c>/api/health</c>: read from the transport once the first stream
/// opened it, without opening it.
/// </summary>
public sealed class BackendIceStatus
{
    private UdpMediaTransport? _transport;

    internal UdpMediaTransport? Transport
    {
        get => Volatile.Read(ref _transport);
        set => Volatile.Write(ref _transport, value);
    }

    /// <summary>
    /// The relay's state now (<c>allocated</c>, <c>allocating</c>, <c>failed</c>), or null without a TURN server or
    /// before the transport opened. A new allocation after a failed one stays <c>failed</c> until it succeeds: the
    /// relay is not there meanwhile, and <see cref="RelayError"/> says why the last one failed.
    /// </summary>
    public string? RelayState => Transport is { Relay: { } relay } transport
        ? relay.State switch
        {
            TurnClientState.Allocated => "allocated",
            TurnClientState.Failed => "failed",
            TurnClientState.Closed => "closed",
            _ when transport.RelayError is not null => "failed",
            _ => "allocating",
        }
        : null;

    /// <summary>Why the relay's newest allocation failed; null while it works.</summary>
    public string? RelayError => Transport?.RelayError;

    /// <summary>The server-reflexive address the STUN server last reported, as <c>address:port</c>; null without one.</summary>
    public string? ServerReflexiveAddress => Transport?.ServerReflexiveAddress?.ToString();

    /// <summary>Why the last Binding request to the STUN server failed; null while it answers.</summary>
    public string? ServerReflexiveError => Transport?.ServerReflexiveError;
}
