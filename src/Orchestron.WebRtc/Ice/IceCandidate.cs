using System.Globalization;
using System.Net;

namespace Orchestron.WebRtc.Ice;

/// <summary>
/// One of our UDP candidates (RFC 8445 section 5.1), as written into the SDP answer: a host candidate, or one learnt
/// from a STUN or TURN server (server-reflexive, relayed), which names the address it was learnt for.
/// </summary>
/// <param name="Foundation">Groups candidates of the same type and base address.</param>
/// <param name="Priority">The RFC 8445 section 5.1.2 priority.</param>
/// <param name="Address">The address the peer sends to.</param>
/// <param name="Port">The UDP port.</param>
/// <param name="Type">"host", "srflx" or "relay".</param>
/// <param name="Related">For "srflx" and "relay", the address the candidate was learnt for (SDP raddr and rport).</param>
public sealed record IceCandidate(string Foundation, uint Priority, IPAddress Address, int Port, string Type = "host", IPEndPoint? Related = null)
{
    /// <summary>The component: always 1, since RTP and RTCP share the port (rtcp-mux).</summary>
    public int Component => 1;

    /// <summary>Computes a host candidate's priority from its local preference (0 to 65535).</summary>
    public static uint HostPriority(int localPreference, int component = 1) => ComputePriority(126, localPreference, component);

    /// <summary>
    /// A relayed candidate for <paramref name="relayedAddress"/>, the address a TURN server allocated, learnt through
    /// the local socket <paramref name="baseAddress"/>. Its priority is the lowest of the types (type preference 0),
    /// so a peer that can reach a host candidate prefers it.
    /// </summary>
    public static IceCandidate Relayed(IPEndPoint relayedAddress, IPEndPoint baseAddress) =>
        new("relay1", ComputePriority(0, ushort.MaxValue, 1), relayedAddress.Address, relayedAddress.Port, "relay", baseAddress);

    /// <summary>
    /// A server-reflexive candidate for <paramref name="mappedAddress"/>, the address a STUN or TURN server saw the
    /// local socket <paramref name="baseAddress"/> as (type preference 100).
    /// </summary>
    public static IceCandidate ServerReflexive(IPEndPoint mappedAddress, IPEndPoint baseAddress) =>
        new("srflx1", ComputePriority(100, ushort.MaxValue, 1), mappedAddress.Address, mappedAddress.Port, "srflx", baseAddress);

    /// <summary>
    /// The value of the SDP attribute, e.g. <c>candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host</c>, or with
    /// <c>raddr</c> and <c>rport</c> after a server-reflexive or relayed type.
    /// </summary>
    public string ToSdpAttributeValue()
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} udp {Priority} {Address} {Port} typ {Type}");
        return Related is null ? line : string.Create(CultureInfo.InvariantCulture, $"{line} raddr {Related.Address} rport {Related.Port}");
    }

    private static uint ComputePriority(uint typePreference, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, ushort.MaxValue);
        return (typePreference << 24) | ((uint)localPreference << 8) | (uint)(256 - component);
    }
}
