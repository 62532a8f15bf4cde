using System.Net;

namespace Orchestron.WebRtc.Transport;

/// <summary>Settings of a <see cref="UdpMediaTransport"/>: its UDP port, its candidates and its timers.</summary>
public sealed class UdpMediaTransportOptions
{
    /// <summary>The UDP port every listener shares; 0 (the default) picks an ephemeral port.</summary>
    public int UdpPort { get; set; }

    /// <summary>The IPv4 address the UDP socket binds to; <see cref="IPAddress.Any"/> by default.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>
    /// Public addresses to advertise as extra host candidates, for a NAT 1:1 set-up such as a
    /// container that publishes its UDP port on the host's address.
    /// </summary>
    public IList<IPAddress> PublicAddresses { get; } = [];

    /// <summary>Advertise the loopback address as a candidate (for peers on the same machine).</summary>
    public bool IncludeLoopbackCandidates { get; set; }

    /// <summary>
    /// Advertise the machine's interface addresses as candidates (true by default). When false, only
    /// loopback (if included) and <see cref="PublicAddresses"/> are advertised.
    /// </summary>
    public bool IncludeInterfaceCandidates { get; set; } = true;

    /// <summary>
    /// Whether offers whose only certificate fingerprint is SHA-1 are accepted. False by default: SHA-1 is no longer
    /// collision resistant, and every current browser offers SHA-256. Enable only for an old peer that offers
    /// nothing else.
    /// </summary>
    public bool AllowSha1Fingerprints { get; set; }

    /// <summary>How long a listener may go without a valid connectivity check before it is closed (RFC 7675: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a listener may take from its offer to a completed DTLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often timers run: DTLS retransmission, consent and connect deadlines.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Checks every setting and throws <see cref="ArgumentException"/> naming the first invalid one.</summary>
    public void Validate()
    {
        if (UdpPort is < 0 or > 65_535)
        {
            throw new ArgumentException($"UdpPort is {UdpPort}; it must be 0 (ephemeral) or a port from 1 to 65535.", nameof(UdpPort));
        }

        if (BindAddress is null || BindAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"BindAddress is '{BindAddress}'; it must be an IPv4 address such as 0.0.0.0.", nameof(BindAddress));
        }

        RequirePositive(ConsentTimeout, nameof(ConsentTimeout));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(MaintenanceInterval, nameof(MaintenanceInterval));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} is {value}; it must be a positive duration.", name);
        }
    }
}
