using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>A loopback UDP socket driving one <see cref="DtlsSession"/>: received datagrams in, its output out, timers run.</summary>
internal sealed class UdpDtlsEndpoint : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[65536];

    public UdpDtlsEndpoint()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 100;
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public EndPoint? Remote { get; set; }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (Remote is not null)
        {
            _socket.SendTo(datagram, SocketFlags.None, Remote);
        }
    }

    /// <summary>Runs <paramref name="session"/> until <paramref name="done"/> or the deadline.</summary>
    public void Run(DtlsSession session, Func<bool> done, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!done() && DateTime.UtcNow < until)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                var length = _socket.ReceiveFrom(_buffer, ref from);
                Remote ??= from;
                session.ProcessDatagram(_buffer.AsSpan(0, length));
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.TimedOut or SocketError.ConnectionReset)
            {
                if (session.GetRetransmissionTimeout() == TimeSpan.Zero)
                {
                    session.HandleTimeout();
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
