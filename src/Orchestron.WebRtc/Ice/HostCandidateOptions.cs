using System.Net;

namespace Orchestron.WebRtc.Ice;

/// <summary>Which addresses become host candidates.</summary>
public sealed class HostCandidateOptions
{
    /// <summary>Include loopback addresses (for tests on one machine; browsers never use them).</summary>
    public bool IncludeLoopback { get; set; }

    /// <summary>Include global and unique-local IPv6 addresses (link-local ones are never included).</summary>
    public bool IncludeIPv6 { get; set; } = true;

    /// <summary>
    /// Public addresses that map 1:1 onto this host's port (a container publishing one UDP port behind NAT); they
    /// come first, with the highest priority.
    /// </summary>
    public IList<IPAddress> PublicAddresses { get; } = [];
}
