using System.Globalization;
using System.Net;

namespace Orchestron.WebRtc.Ice;

/// <summary>One of our UDP host candidates (RFC 8445 section 5.1), as written into the SDP answer.</summary>
/// <param name="Foundation">Groups candidates of the same type and base address.</param>
/// <param name="Priority">The RFC 8445 section 5.1.2 priority.</param>
/// <param name="Address">The address the peer sends to.</param>
/// <param name="Port">The UDP port.</param>
public sealed record IceCandidate(string Foundation, uint Priority, IPAddress Address, int Port)
{
    /// <summary>The component: always 1, since RTP and RTCP share the port (rtcp-mux).</summary>
    public int Component => 1;

    /// <summary>Computes a host candidate's priority from its local preference (0 to 65535).</summary>
    public static uint HostPriority(int localPreference, int component = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, ushort.MaxValue);
        const uint hostTypePreference = 126;
        return (hostTypePreference << 24) | ((uint)localPreference << 8) | (uint)(256 - component);
    }

    /// <summary>The value of the SDP attribute, e.g. <c>candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host</c>.</summary>
    public string ToSdpAttributeValue() => string.Create(
        CultureInfo.InvariantCulture,
        $"candidate:{Foundation} {Component} udp {Priority} {Address} {Port} typ host");
}
