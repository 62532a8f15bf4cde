using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Win32.SafeHandles;

namespace Orchestron.Testing.Network;

/// <summary>
/// One network namespace of a <see cref="TestNetwork"/>: only loopback and the veth ends the network gave it, and
/// an nftables table of its own for loss and blocking rules. Processes run inside it with <c>ip netns exec</c>;
/// in-process sockets are made inside it with <see cref="CreateInside{T}"/>.
/// </summary>
public sealed class NetworkNamespace
{
    private const string Table = "inet orchestron_test";
    private readonly List<string> _wrappers = [];
    private bool _hasTable;

    internal NetworkNamespace(string name, string role)
    {
        Name = name;
        Role = role;
    }

    /// <summary>The namespace's name under /var/run/netns, unique to the test run.</summary>
    public string Name { get; }

    /// <summary>What the test called it ("host", "listener", ...).</summary>
    public string Role { get; }

    /// <summary>The command line prefix that runs a program here.</summary>
    public IReadOnlyList<string> ExecPrefix => [IpCommand.Ip, "netns", "exec", Name];

    /// <summary>
    /// Runs <paramref name="create"/> on a thread of its own that has joined this namespace, and returns what it
    /// made: a socket opened there stays there. Make only objects that start dedicated threads, never pool work,
    /// since a thread started from inside would stay inside.
    /// </summary>
    public T CreateInside<T>(Func<T> create)
    {
        T? made = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using (var target = File.OpenHandle($"/var/run/netns/{Name}"))
                {
                    NamespaceInterop.Enter(target);
                }

                try
                {
                    made = create();
                }
                finally
                {
                    NamespaceInterop.Enter(original);
                }
            }
            catch (Exception error)
            {
                failure = error;
            }
        })
        { IsBackground = true, Name = $"inside {Role}" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"Creating an object inside namespace {Role} failed: {failure.Message}", failure);
        }

        return made!;
    }

    /// <summary>Starts <paramref name="file"/> inside this namespace; the network kills it on dispose if it still runs.</summary>
    public Process Start(string file, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(IpCommand.Ip) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["netns", "exec", Name, file, .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {file} in namespace {Role}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Writes an executable script that runs <paramref name="executable"/> inside this namespace with the arguments
    /// it is given, for launchers that take a path (Playwright's Chromium); removed with the network.
    /// </summary>
    public string WrapExecutable(string executable)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Name}-{Path.GetFileName(executable)}.sh");
        File.WriteAllText(path, $"#!/bin/sh\nexec {IpCommand.Ip} netns exec '{Name}' '{executable}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _wrappers.Add(path);
        return path;
    }

    /// <summary>
    /// Drops about <paramref name="percent"/> % of the RTP media datagrams that arrive in this namespace, each on its
    /// own draw (nftables <c>numgen random mod 100</c>). STUN, DTLS and RTCP pass, so that only media is lost. The
    /// rule sits on the receiving side because a drop in the sender's output hook fails its sendto() with EPERM,
    /// which a network never does.
    /// </summary>
    public void DropIncomingRtp(int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        AddInputRule($"{RtpMatch} numgen random mod 100 < {percent.ToString(CultureInfo.InvariantCulture)} counter drop");
    }

    /// <summary>
    /// Drops RTP media datagrams arriving in this namespace in bursts: <paramref name="burstLength"/> in a row out of
    /// every <paramref name="period"/> (nftables <c>numgen inc</c>, a counter of the media datagrams this rule saw).
    /// </summary>
    /// <param name="burstLength">How many packets in a row each burst drops.</param>
    /// <param name="period">Every how many packets a burst starts.</param>
    /// <param name="destinationPort">
    /// Only datagrams to this UDP port, so that each stream gets bursts of its own when several arrive interleaved
    /// (a shared counter would spread one burst over several streams); all media when null.
    /// </param>
    public void DropIncomingRtpBursts(int burstLength, int period, int? destinationPort = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burstLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, burstLength + 1);
        var invariant = CultureInfo.InvariantCulture;
        var port = destinationPort is { } number ? $"udp dport {number.ToString(invariant)} " : "";
        AddInputRule($"{port}{RtpMatch} numgen inc mod {period.ToString(invariant)} < {burstLength.ToString(invariant)} counter drop");
    }

    /// <summary>
    /// Drops every UDP datagram into or out of this namespace except on loopback, as a network that passes only TCP;
    /// <see cref="CountBlockedUdp"/> says how many it dropped each way.
    /// </summary>
    public void BlockUdp()
    {
        EnsureTable();
        IpCommand.Nftables(Name, $"add rule {Table} output oifname != \"lo\" meta l4proto udp counter drop comment \"{BlockedUdpOut}\"");
        IpCommand.Nftables(Name, $"add rule {Table} input iifname != \"lo\" meta l4proto udp counter drop comment \"{BlockedUdpIn}\"");
    }

    /// <summary>The UDP datagrams <see cref="BlockUdp"/>'s rules dropped on their way out and in; zeros before them.</summary>
    public (long Outgoing, long Incoming) CountBlockedUdp() => (ReadCounter("output", BlockedUdpOut), ReadCounter("input", BlockedUdpIn));

    /// <summary>Counts the TCP segments that arrive here from <paramref name="source"/> (read with <see cref="CountIncomingTcp"/>).</summary>
    public void WatchIncomingTcp(IPEndPoint source)
    {
        EnsureTable();
        IpCommand.Nftables(Name, $"add rule {Table} input ip saddr {source.Address} tcp sport {source.Port.ToString(CultureInfo.InvariantCulture)} counter comment \"{TcpFrom(source)}\"");
    }

    /// <summary>The TCP segments and their bytes that arrived from <paramref name="source"/> since <see cref="WatchIncomingTcp"/>.</summary>
    public (long Packets, long Bytes) CountIncomingTcp(IPEndPoint source) => ReadCounterWithBytes("input", TcpFrom(source));

    /// <summary>
    /// Makes this namespace a home router for the /30 of <paramref name="inside"/>: datagrams from there to anywhere
    /// else leave with this namespace's own address as source (masquerade), and whatever arrives for the inside
    /// without belonging to a connection the inside started is dropped and counted (<see cref="CountUnsolicitedInbound"/>).
    /// Forwarding must be on (<see cref="TestNetwork.EnableForwarding"/>).
    /// </summary>
    public void MasqueradeFrom(NetworkLink inside)
    {
        var subnet = TestNetwork.SubnetOf(inside);
        EnsureTable();
        IpCommand.Nftables(Name, $"add chain {Table} postrouting {{ type nat hook postrouting priority 100; policy accept; }}");
        IpCommand.Nftables(Name, $"add rule {Table} postrouting ip saddr {subnet} ip daddr != {subnet} masquerade");
        IpCommand.Nftables(Name, $"add chain {Table} forward {{ type filter hook forward priority 0; policy accept; }}");
        IpCommand.Nftables(Name, $"add rule {Table} forward ip daddr {subnet} ct state new counter drop comment \"{UnsolicitedInbound}\"");
    }

    /// <summary>Datagrams and segments <see cref="MasqueradeFrom"/>'s rule kept from reaching the inside uninvited.</summary>
    public long CountUnsolicitedInbound() => ReadCounter("forward", UnsolicitedInbound);

    /// <summary>Removes every rule this namespace got.</summary>
    public void ClearRules()
    {
        if (_hasTable)
        {
            IpCommand.Nftables(Name, $"delete table {Table}");
            _hasTable = false;
        }
    }

    /// <summary>The rules as nftables lists them, for failure messages and the benchmark's record.</summary>
    public string ListRules() => IpCommand.Run("netns", "exec", Name, IpCommand.Nft, "list ruleset");

    /// <summary>
    /// The RTP media datagrams that reached this namespace's input rules, and how many of them the loss rules
    /// dropped, from nftables' counters; zeros before any loss rule.
    /// </summary>
    public (long Seen, long Dropped) CountRtp()
    {
        if (!_hasTable)
        {
            return (0, 0);
        }

        long seen = 0, dropped = 0;
        foreach (var line in IpCommand.Run("netns", "exec", Name, IpCommand.Nft, "list chain " + Table + " input").Split('\n'))
        {
            // Rules with a comment count something else (blocked UDP, watched TCP) and are read by their comment.
            var at = line.IndexOf("counter packets ", StringComparison.Ordinal);
            if (at < 0 || line.Contains("comment \"", StringComparison.Ordinal))
            {
                continue;
            }

            var number = line[(at + "counter packets ".Length)..].Split(' ')[0];
            var packets = long.Parse(number, CultureInfo.InvariantCulture);
            if (line.TrimEnd().EndsWith("drop", StringComparison.Ordinal))
            {
                dropped += packets;
            }
            else
            {
                seen += packets;
            }
        }

        return (seen, dropped);
    }

    private const string BlockedUdpOut = "blocked udp out";
    private const string BlockedUdpIn = "blocked udp in";
    private const string UnsolicitedInbound = "unsolicited inbound";

    private static string TcpFrom(IPEndPoint source) => $"tcp from {source}";

    private long ReadCounter(string chain, string comment) => ReadCounterWithBytes(chain, comment).Packets;

    private (long Packets, long Bytes) ReadCounterWithBytes(string chain, string comment)
    {
        if (!_hasTable)
        {
            return (0, 0);
        }

        foreach (var line in IpCommand.Run("netns", "exec", Name, IpCommand.Nft, "list chain " + Table + " " + chain).Split('\n'))
        {
            var at = line.IndexOf("counter packets ", StringComparison.Ordinal);
            if (at < 0 || !line.Contains($"comment \"{comment}\"", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line[(at + "counter packets ".Length)..].Split(' ');
            return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture));
        }

        throw new InvalidOperationException($"No rule '{comment}' in the {chain} chain of namespace {Role}:\n{ListRules()}");
    }

    // RTP and RTCP (RFC 7983: first byte 128 to 191, i.e. version 2) with a second byte outside RTCP's packet
    // types 192 to 223 (RFC 5761): RTP media only. The raw offsets count bits from the start of the UDP header.
    private const string RtpMatch = "meta l4proto udp @th,64,2 2 @th,72,8 != 192-223";

    /// <summary>Removes the scripts <see cref="WrapExecutable"/> wrote.</summary>
    internal void DeleteWrappers()
    {
        foreach (var path in _wrappers)
        {
            File.Delete(path);
        }

        _wrappers.Clear();
    }

    private void AddInputRule(string rule)
    {
        EnsureTable();
        IpCommand.Nftables(Name, $"add rule {Table} input iifname != \"lo\" {rule}");
    }

    private void EnsureTable()
    {
        if (_hasTable)
        {
            return;
        }

        IpCommand.Nftables(Name, $"add table {Table}");
        IpCommand.Nftables(Name, $"add chain {Table} output {{ type filter hook output priority 0; policy accept; }}");
        IpCommand.Nftables(Name, $"add chain {Table} input {{ type filter hook input priority 0; policy accept; }}");

        // First in the chain: every media datagram that arrives, lost or not, for CountRtp.
        IpCommand.Nftables(Name, $"add rule {Table} input iifname != \"lo\" {RtpMatch} counter");
        _hasTable = true;
    }
}
