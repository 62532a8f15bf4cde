using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// The relay's path to its TURN server over the transport's one UDP socket: sends through the transport's
/// non-blocking sender; the transport's receive loop hands the server's datagrams to the client.
/// </summary>
internal sealed class TransportTurnLink(UdpMediaTransport transport, SocketAddress server) : ITurnServerLink
{
    public IPEndPoint LocalEndPoint => new(transport.Options.BindAddress, transport.Port);

    public bool Send(ReadOnlySpan<byte> datagram) => transport.SendToRelayServer(datagram, server);

    public void Dispose()
    {
        // The socket is the transport's.
    }
}
