namespace Orchestron.Container.Tests;

/// <summary>
/// What a Docker engine changes on the machine's network, captured before it starts and put back after it stops:
/// the IPv4 firewall rules (its DOCKER chains and NAT rules), the links (docker0 and one bridge per network) and
/// IP forwarding.
/// </summary>
internal sealed class MachineNetworkState
{
    private const string Forwarding = "/proc/sys/net/ipv4/ip_forward";

    private readonly string _rules;
    private readonly HashSet<string> _links;
    private readonly string _forwarding;

    private MachineNetworkState(string rules, HashSet<string> links, string forwarding)
    {
        _rules = rules;
        _links = links;
        _forwarding = forwarding;
    }

    public static async Task<MachineNetworkState> CaptureAsync() =>
        new(await RulesAsync(), await LinksAsync(), await File.ReadAllTextAsync(Forwarding));

    public async Task RestoreAsync()
    {
        foreach (var link in (await LinksAsync()).Except(_links))
        {
            await Orchestron.Testing.Tool.RunAsync("/usr/sbin/ip", ["link", "delete", link]);
        }

        if (File.Exists("/usr/sbin/iptables-restore"))
        {
            var file = Path.GetTempFileName();
            await File.WriteAllTextAsync(file, _rules);
            await Orchestron.Testing.Tool.RunAsync("/bin/sh", ["-c", $"/usr/sbin/iptables-restore < {file}"]);
            File.Delete(file);
        }

        await File.WriteAllTextAsync(Forwarding, _forwarding);
    }

    private static async Task<string> RulesAsync() =>
        File.Exists("/usr/sbin/iptables-save") ? (await Orchestron.Testing.Tool.RunAsync("/usr/sbin/iptables-save", [])).Output : string.Empty;

    private static async Task<HashSet<string>> LinksAsync()
    {
        var (_, output) = await Orchestron.Testing.Tool.RunAsync("/usr/sbin/ip", ["-o", "link", "show"]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(": ")[1].Split('@')[0])];
    }
}
