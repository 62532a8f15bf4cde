using System.Net;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Testing.Network;

/// <summary>
/// The smallest network with a path to lose packets on: a "host" namespace whose WebRTC transport (made in this
/// process, its socket inside the namespace) is bound to its end of a veth pair, and a "listener" namespace at the
/// other end for Chromium or aiortc. Chromium gathers no loopback candidates, which is why the listener has a veth
/// address of its own; the host's answer names only its veth address.
/// </summary>
public sealed class HostAndListenerNetwork : IDisposable
{
    private HostAndListenerNetwork(TestNetwork network, NetworkNamespace host, NetworkNamespace listener, NetworkLink link, UdpMediaTransport transport)
    {
        Network = network;
        Host = host;
        Listener = listener;
        Link = link;
        Transport = transport;
    }

    /// <summary>The namespaces and their link.</summary>
    public TestNetwork Network { get; }

    /// <summary>Where the transport's socket lives.</summary>
    public NetworkNamespace Host { get; }

    /// <summary>Where the listener runs; its input rules lose the media on its way in (<see cref="NetworkNamespace.DropIncomingRtp"/>).</summary>
    public NetworkNamespace Listener { get; }

    /// <summary>The veth pair: the host's address first, the listener's second.</summary>
    public NetworkLink Link { get; }

    /// <summary>The transport, bound to the host's veth address inside the host namespace.</summary>
    public UdpMediaTransport Transport { get; }

    /// <summary>Makes both namespaces, the link and the transport; everything made is removed again if a step fails.</summary>
    public static HostAndListenerNetwork Create()
    {
        var network = new TestNetwork();
        try
        {
            var host = network.AddNamespace("host");
            var listener = network.AddNamespace("listener");
            var link = network.Connect(host, listener);
            var transport = host.CreateInside(() => new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = link.FirstAddress }));
            return new HostAndListenerNetwork(network, host, listener, link, transport);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The host's address on the link.</summary>
    public IPAddress HostAddress => Link.FirstAddress;

    /// <summary>Stops the transport, then removes the namespaces with all they hold.</summary>
    public void Dispose()
    {
        try
        {
            Transport.Dispose();
        }
        finally
        {
            Network.Dispose();
        }
    }
}
