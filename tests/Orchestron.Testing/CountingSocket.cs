using System.Net;
using System.Net.Sockets;

namespace Orchestron.Testing;

/// <summary>
/// A bare socket that counts what arrives: STUN (first byte 0-3) and RTP/RTCP (128-191). It never answers, as a
/// victim whose address someone else names would not.
/// </summary>
public sealed class CountingSocket : IDisposable
{
    private readonly Thread _receiver;
    private long _stun;
    private long _media;

    public CountingSocket(IPEndPoint bind)
    {
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Socket.Bind(bind);
        _receiver = new Thread(Receive) { IsBackground = true };
        _receiver.Start();
    }

    public Socket Socket { get; }

    public long StunDatagrams => Interlocked.Read(ref _stun);

    public long MediaDatagrams => Interlocked.Read(ref _media);

    public void Dispose()
    {
        Socket.Dispose();
        _receiver.Join();
    }

    private void Receive()
    {
        var buffer = new byte[2048];
        while (true)
        {
            int length;
            try
            {
                length = Socket.Receive(buffer);
            }
            catch (Exception)
            {
                return;
            }

            if (length > 0 && buffer[0] <= 3)
            {
                Interlocked.Increment(ref _stun);
            }
            else if (length > 0 && buffer[0] is >= 128 and <= 191)
            {
                Interlocked.Increment(ref _media);
            }
        }
    }
}
