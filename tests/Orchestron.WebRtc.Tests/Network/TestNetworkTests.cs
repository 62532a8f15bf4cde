using System.Net;
using System.Net.Sockets;
using Orchestron.Testing.Network;
using Orchestron.WebRtc.Tests.Support;

namespace Orchestron.WebRtc.Tests.Network;

/// <summary>The test network fixture: its namespaces talk only to each other, lose what its rules say, and leave nothing behind.</summary>
public sealed class TestNetworkTests
{
    private const int Datagrams = 2_000;

    [NetworkNamespaceFact]
    public void Namespaces_reach_each_other_over_their_link_and_are_gone_after_dispose()
    {
        string[] names;
        using (var network = new TestNetwork())
        {
            var host = network.AddNamespace("host");
            var listener = network.AddNamespace("listener");
            var link = network.Connect(host, listener);
            names = [host.Name, listener.Name];
            Assert.All(names, name => Assert.Contains(name, NamespaceList()));

            var (sent, received) = Exchange(host, listener, link, RtpDatagram);
            Assert.Equal(sent, received);

            // The machine's own interfaces are not in there: the listener has loopback and its veth end only.
            var interfaces = RunInside(listener, "ip", "-o", "link", "show");
            Assert.Equal(2, interfaces.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        Assert.All(names, name => Assert.DoesNotContain(name, NamespaceList()));
    }

    [NetworkNamespaceFact]
    public void Random_loss_drops_about_its_share_of_rtp_and_lets_rtcp_and_stun_through()
    {
        using var network = new TestNetwork();
        var host = network.AddNamespace("host");
        var listener = network.AddNamespace("listener");
        var link = network.Connect(host, listener);
        listener.DropIncomingRtp(10);

        var (_, rtpReceived) = Exchange(host, listener, link, RtpDatagram);
        var (_, rtcpReceived) = Exchange(host, listener, link, RtcpDatagram);
        var (_, stunReceived) = Exchange(host, listener, link, StunDatagram);
        var (seen, dropped) = listener.CountRtp();

        // 10 % of 2,000 is 200 with a standard deviation of 13: 130 to 270 is over five of them either side.
        Assert.InRange(Datagrams - rtpReceived, 130, 270);
        Assert.Equal(Datagrams, rtcpReceived);
        Assert.Equal(Datagrams, stunReceived);
        Assert.Equal(Datagrams, seen);
        Assert.Equal(Datagrams - rtpReceived, dropped);
    }

    [NetworkNamespaceFact]
    public void Burst_loss_drops_runs_of_the_given_length_at_the_given_period()
    {
        using var network = new TestNetwork();
        var host = network.AddNamespace("host");
        var listener = network.AddNamespace("listener");
        var link = network.Connect(host, listener);
        listener.DropIncomingRtpBursts(burstLength: 3, period: 50);

        var arrived = new bool[Datagrams];
        Exchange(host, listener, link, RtpDatagram, index => arrived[index] = true);

        var runs = Runs(arrived);
        Assert.Equal(Datagrams / 50, runs.Count);
        Assert.All(runs, run => Assert.Equal(3, run.Length));
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.Equal(50, pair.Second.Start - pair.First.Start));
    }

    [NetworkNamespaceFact]
    public void Blocking_udp_lets_nothing_through()
    {
        using var network = new TestNetwork();
        var host = network.AddNamespace("host");
        var listener = network.AddNamespace("listener");
        var link = network.Connect(host, listener);
        listener.BlockUdp();

        var (_, received) = Exchange(host, listener, link, StunDatagram, wait: TimeSpan.FromMilliseconds(500));

        Assert.Equal(0, received);
    }

    [NetworkNamespaceFact]
    public void Leftovers_of_a_run_whose_process_is_gone_are_deleted_and_those_of_live_runs_kept()
    {
        // A process id above the kernel's limit (2^22) never runs; this process's own id always does.
        var dead = $"{TestNetwork.Prefix}4999999-1-crashed";
        var live = $"{TestNetwork.Prefix}{Environment.ProcessId}-999-running";
        RunIp("netns", "add", dead);
        RunIp("netns", "add", live);
        try
        {
            TestNetwork.RemoveLeftovers();

            Assert.DoesNotContain(dead, NamespaceList());
            Assert.Contains(live, NamespaceList());
        }
        finally
        {
            RunIp("netns", "del", live);
            if (NamespaceList().Contains(dead, StringComparer.Ordinal))
            {
                RunIp("netns", "del", dead);
            }
        }
    }

    [NetworkNamespaceFact]
    public void A_socket_made_inside_a_namespace_stays_there_and_the_test_thread_stays_outside()
    {
        using var network = new TestNetwork();
        var host = network.AddNamespace("host");
        var listener = network.AddNamespace("listener");
        var link = network.Connect(host, listener);

        // The host's address exists only inside the host namespace: binding to it outside fails.
        using var inside = host.CreateInside(() => Bound(link.FirstAddress));
        Assert.Throws<SocketException>(() => Bound(link.FirstAddress).Dispose());
        Assert.Equal(link.FirstAddress, ((IPEndPoint)inside.LocalEndPoint!).Address);
    }

    private static readonly byte[] RtpDatagram = [0x80, 111, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    private static readonly byte[] RtcpDatagram = [0x80, 200, 0, 6, 0, 0, 0, 1];
    private static readonly byte[] StunDatagram = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    /// <summary>Sends <see cref="Datagrams"/> copies of a datagram, each numbered in its last two bytes, from host to listener.</summary>
    private static (int Sent, int Received) Exchange(
        NetworkNamespace host, NetworkNamespace listener, NetworkLink link, byte[] template, Action<int>? arrived = null, TimeSpan? wait = null)
    {
        using var receiver = listener.CreateInside(() => Bound(link.SecondAddress));
        using var sender = host.CreateInside(() => Bound(link.FirstAddress));
        var destination = receiver.LocalEndPoint!;
        var datagram = template.ToArray();
        for (var i = 0; i < Datagrams; i++)
        {
            datagram[^2] = (byte)(i >> 8);
            datagram[^1] = (byte)i;
            sender.SendTo(datagram, destination);
            if (i % 100 == 99)
            {
                // A pause now and then keeps the receive buffer from overflowing, which would look like loss.
                Thread.Sleep(5);
            }
        }

        var received = 0;
        var buffer = new byte[64];
        receiver.ReceiveTimeout = (int)(wait ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
        while (true)
        {
            try
            {
                var length = receiver.Receive(buffer);
                received++;
                arrived?.Invoke((buffer[length - 2] << 8) | buffer[length - 1]);
            }
            catch (SocketException)
            {
                return (Datagrams, received);
            }
        }
    }

    private static List<(int Start, int Length)> Runs(bool[] arrived)
    {
        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < arrived.Length; i++)
        {
            if (!arrived[i] && (i == 0 || arrived[i - 1]))
            {
                var end = i;
                while (end < arrived.Length && !arrived[end])
                {
                    end++;
                }

                runs.Add((i, end - i));
            }
        }

        return runs;
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string[] NamespaceList() =>
        RunIp("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0]).ToArray();

    private static string RunInside(NetworkNamespace space, params string[] command) => RunIp(["netns", "exec", space.Name, .. command]);

    private static string RunIp(params string[] arguments)
    {
        var (exitCode, output) = Orchestron.Testing.Tool.RunAsync("/usr/sbin/ip", arguments).GetAwaiter().GetResult();
        Assert.True(exitCode == 0, $"ip {string.Join(' ', arguments)}: {output}");
        return output;
    }
}
