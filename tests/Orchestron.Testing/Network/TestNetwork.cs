using System.Globalization;
using System.Net;

namespace Orchestron.Testing.Network;

/// <summary>
/// A small network of a test's own: network namespaces ("host", "listener", later "router" and "internet") joined by
/// veth pairs with addresses in 10.0.0.0/8 that exist only inside those namespaces, and nftables rules for loss
/// and blocking in each. Nothing is routed to the machine's own interfaces, so traffic stays between the namespaces.
/// </summary>
/// <remarks>
/// <para>
/// Every name starts with <see cref="Prefix"/>, the process id and a counter, so runs in parallel never meet. Dispose
/// kills what still runs inside the namespaces (only processes the test started can be there) and deletes them,
/// which removes their veth ends and rules with them; a failure half way through creation cleans up the same way.
/// Namespaces left by a run that crashed are recognised by the process id in their name, which no longer runs, and
/// deleted before the next network is made.
/// </para>
/// <para>Check <see cref="NetworkNamespaceSupport.UnavailableReason"/> first and skip with it where namespaces cannot be made.</para>
/// </remarks>
public sealed class TestNetwork : IDisposable
{
    /// <summary>What every namespace this fixture makes is called first.</summary>
    public const string Prefix = "orx-";

    private static int _networks;
    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly string _id;
    private int _links;
    private bool _disposed;

    /// <summary>Starts an empty network, after deleting what crashed runs left behind.</summary>
    public TestNetwork()
    {
        RemoveLeftovers();
        _id = $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref _networks).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The namespaces made so far.</summary>
    public IReadOnlyList<NetworkNamespace> Namespaces => _namespaces;

    /// <summary>Makes a namespace with loopback up.</summary>
    /// <param name="role">A short name for it: letters, digits and '-', such as "host" or "listener".</param>
    public NetworkNamespace AddNamespace(string role)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (role.Length is 0 or > 16 || !role.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"A namespace role is 1 to 16 letters, digits or '-'; got '{role}'.", nameof(role));
        }

        var created = new NetworkNamespace($"{Prefix}{_id}-{role}", role);
        IpCommand.Run("netns", "add", created.Name);
        _namespaces.Add(created);
        OnFailureDispose(() => IpCommand.Run("-n", created.Name, "link", "set", "lo", "up"));
        return created;
    }

    /// <summary>
    /// Joins two namespaces with a veth pair, the next /30 of 10.213.0.0/16 on it (.1 in the first, .2 in the
    /// second), both ends up.
    /// </summary>
    public NetworkLink Connect(NetworkNamespace first, NetworkNamespace second)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var link = _links++;
        if (link >= 16_384)
        {
            throw new InvalidOperationException("A test network has at most 16384 links.");
        }

        var baseAddress = (10u << 24) | (213u << 16) | ((uint)link << 2);
        var firstAddress = ToAddress(baseAddress + 1);
        var secondAddress = ToAddress(baseAddress + 2);
        var invariant = CultureInfo.InvariantCulture;

        // Each end is made inside its namespace, so the names never meet those of other runs in the root namespace.
        var firstEnd = "veth" + link.ToString(invariant) + "a";
        var secondEnd = "veth" + link.ToString(invariant) + "b";
        OnFailureDispose(() =>
        {
            IpCommand.Run("-n", first.Name, "link", "add", firstEnd, "type", "veth", "peer", "name", secondEnd, "netns", second.Name);
            IpCommand.Run("-n", first.Name, "addr", "add", $"{firstAddress}/30", "dev", firstEnd);
            IpCommand.Run("-n", second.Name, "addr", "add", $"{secondAddress}/30", "dev", secondEnd);
            IpCommand.Run("-n", first.Name, "link", "set", firstEnd, "up");
            IpCommand.Run("-n", second.Name, "link", "set", secondEnd, "up");
        });
        return new NetworkLink(first, firstAddress, second, secondAddress);
    }

    /// <summary>
    /// Lets <paramref name="router"/> forward between its links (IPv4 forwarding is a setting of each namespace), so
    /// that namespaces on either side reach each other through it once they have routes.
    /// </summary>
    public void EnableForwarding(NetworkNamespace router)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        OnFailureDispose(() => IpCommand.Run("netns", "exec", router.Name, "/usr/sbin/sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
    }

    /// <summary>
    /// Gives <paramref name="from"/> a route to the /30 of <paramref name="towards"/> through <paramref name="via"/>, an
    /// address on one of its own links. Only the test's own subnets get routes; there is never a default route, so
    /// nothing can leave the namespaces.
    /// </summary>
    public void AddRoute(NetworkNamespace from, NetworkLink towards, IPAddress via)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        OnFailureDispose(() => IpCommand.Run("-n", from.Name, "route", "add", SubnetOf(towards), "via", via.ToString()));
    }

    /// <summary>The /30 of <paramref name="link"/> in CIDR notation.</summary>
    internal static string SubnetOf(NetworkLink link)
    {
        var bytes = link.FirstAddress.GetAddressBytes();
        bytes[3] &= 0xFC;
        return $"{new IPAddress(bytes)}/30";
    }

    /// <summary>Kills whatever still runs inside the namespaces and deletes them with their links and rules.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var made in _namespaces)
        {
            Delete(made.Name);
            made.DeleteWrappers();
        }
    }

    /// <summary>Deletes the namespaces of earlier runs (this prefix) whose process no longer exists.</summary>
    public static void RemoveLeftovers()
    {
        var (exitCode, output) = IpCommand.TryRun(IpCommand.Ip, "netns", "list");
        if (exitCode != 0)
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var owner = name[Prefix.Length..].Split('-')[0];
            if (int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var processId) && !Directory.Exists($"/proc/{processId}"))
            {
                Delete(name);
            }
        }
    }

    private static void Delete(string name)
    {
        // Only processes a test started run in its namespaces; they go first, or the namespace would outlive its name.
        var (_, pids) = IpCommand.TryRun(IpCommand.Ip, "netns", "pids", name);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var processId) && processId != Environment.ProcessId)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(processId).Kill();
                }
                catch (ArgumentException)
                {
                }
                catch (InvalidOperationException)
                {
                }
            }
        }

        IpCommand.TryRun(IpCommand.Ip, "netns", "del", name);
    }

    private static IPAddress ToAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    private void OnFailureDispose(Action step)
    {
        try
        {
            step();
        }
        catch
        {
            Dispose();
            throw;
        }
    }
}
