using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Turn;

/// <summary>Hands on a datagram from the TURN server; the span is valid only during the call.</summary>
internal delegate void TurnServerDatagramHandler(ReadOnlySpan<byte> datagram);

/// <summary>
/// A UDP socket of a <see cref="TurnClient"/>'s own, with a dedicated receive thread that passes on what the server
/// sends and drops, unread, whatever comes from anywhere else.
/// </summary>
internal sealed class TurnSocketLink : ITurnServerLink
{
    private readonly Socket _socket;
    private readonly SocketAddress _server;
    private readonly TurnServerDatagramHandler _received;
    private readonly Thread _receiver;
    private volatile bool _closing;

    internal TurnSocketLink(IPEndPoint server, IPAddress localAddress, TurnServerDatagramHandler received)
    {
        _server = server.Serialize();
        _received = received;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(new IPEndPoint(localAddress, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"TURN client for {server}" };
        _receiver.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    public bool Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _server);
            return true;
        }
        catch (SocketException)
        {
            // A full buffer or an ICMP error from an earlier datagram: a lost packet, as on any network.
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _closing = true;
        _socket.Dispose();
        _receiver.Join(TimeSpan.FromSeconds(2));
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[StunConstants.MaxMessageLength + TurnChannelData.HeaderLength];
        var source = new SocketAddress(_server.Family);
        while (!_closing)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
            {
                // An ICMP port unreachable from the server: the next transaction times out and says so.
                continue;
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (source.Equals(_server))
            {
                _received(buffer.AsSpan(0, length));
            }
        }
    }
}
