namespace Orchestron.Testing.Network;

/// <summary>
/// Whether this machine lets a test make network namespaces, veth pairs and nftables rules: root, iproute2 and
/// nftables, and a kernel that allows them (a container without CAP_SYS_ADMIN and CAP_NET_ADMIN does not).
/// </summary>
public static class NetworkNamespaceSupport
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when namespaces can be made; otherwise why not, for a skipped test to say.</summary>
    public static string? UnavailableReason => Reason.Value;

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces exist only on Linux";
        }

        if (NamespaceInterop.EffectiveUserId() != 0)
        {
            return "making network namespaces needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)";
        }

        if (!File.Exists(IpCommand.Ip))
        {
            return $"{IpCommand.Ip} is missing (Debian package iproute2)";
        }

        if (!File.Exists(IpCommand.Nft))
        {
            return $"{IpCommand.Nft} is missing (Debian package nftables)";
        }

        // A real namespace with a table in it: the only proof that the kernel and its modules allow both.
        TestNetwork.RemoveLeftovers();
        var name = $"{TestNetwork.Prefix}{Environment.ProcessId}-probe";
        var (created, output) = IpCommand.TryRun(IpCommand.Ip, "netns", "add", name);
        if (created != 0)
        {
            return $"ip netns add failed: {output.Trim()}";
        }

        try
        {
            var (tabled, nftOutput) = IpCommand.TryRun(IpCommand.Ip, "netns", "exec", name, IpCommand.Nft, "add table inet probe");
            return tabled == 0 ? null : $"nftables does not work inside a namespace: {nftOutput.Trim()}";
        }
        finally
        {
            IpCommand.TryRun(IpCommand.Ip, "netns", "del", name);
        }
    }
}
