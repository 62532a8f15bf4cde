using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>A client and a server session wired back to back in memory, with a hook to lose datagrams.</summary>
internal sealed class DtlsPair : IDisposable
{
    private readonly Queue<byte[]> _toServer = new();
    private readonly Queue<byte[]> _toClient = new();

    public DtlsPair(
        DtlsContext clientContext,
        DtlsContext serverContext,
        DtlsFingerprint? fingerprintClientExpects = null,
        DtlsFingerprint? fingerprintServerExpects = null)
    {
        Client = new DtlsSession(clientContext, DtlsRole.Client, fingerprintClientExpects ?? serverContext.Certificate.Fingerprint, d => Capture(_toServer, d, true));
        Server = new DtlsSession(serverContext, DtlsRole.Server, fingerprintServerExpects ?? clientContext.Certificate.Fingerprint, d => Capture(_toClient, d, false));
    }

    public DtlsSession Client { get; }

    public DtlsSession Server { get; }

    /// <summary>Decides per datagram (bytes, from client?) whether it is lost.</summary>
    public Func<byte[], bool, bool> Drop { get; set; } = (_, _) => false;

    public List<int> DatagramSizes { get; } = [];

    public int Delivered { get; private set; }

    /// <summary>Delivers queued datagrams until both queues are empty or the bound is reached.</summary>
    public void Pump(int maxDatagrams = 200)
    {
        for (var i = 0; i < maxDatagrams && (_toServer.Count > 0 || _toClient.Count > 0); i++)
        {
            if (_toServer.TryDequeue(out var toServer))
            {
                Delivered++;
                Server.ProcessDatagram(toServer);
            }

            if (_toClient.TryDequeue(out var toClient))
            {
                Delivered++;
                Client.ProcessDatagram(toClient);
            }
        }
    }

    public void Handshake()
    {
        Client.Start();
        Server.Start();
        Pump();
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }

    private void Capture(Queue<byte[]> queue, ReadOnlySpan<byte> datagram, bool fromClient)
    {
        var copy = datagram.ToArray();
        DatagramSizes.Add(copy.Length);
        if (!Drop(copy, fromClient))
        {
            queue.Enqueue(copy);
        }
    }
}
