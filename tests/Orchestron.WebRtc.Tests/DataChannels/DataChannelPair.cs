using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>Two data channel sessions joined in memory (no DTLS), the DTLS client on the left.</summary>
internal sealed class DataChannelPair
{
    private readonly Queue<(bool ToServer, byte[] Packet)> _inFlight = new();

    public DataChannelPair()
    {
        Client = new DataChannelSession(DtlsRole.Client, packet => _inFlight.Enqueue((true, packet.ToArray())), 1120, 5000, NullLogger.Instance);
        Server = new DataChannelSession(DtlsRole.Server, packet => _inFlight.Enqueue((false, packet.ToArray())), 1120, 5000, NullLogger.Instance);
        Client.ChannelOpened += channel => ClientOpened.Add(channel);
        Server.ChannelOpened += channel => ServerOpened.Add(channel);
        Client.Connect();
        Pump();
    }

    public DataChannelSession Client { get; }

    public DataChannelSession Server { get; }

    public List<WebRtcDataChannel> ClientOpened { get; } = [];

    public List<WebRtcDataChannel> ServerOpened { get; } = [];

    public bool IsEstablished =>
        Client.AssociationState == SctpAssociationState.Established && Server.AssociationState == SctpAssociationState.Established;

    public void Pump()
    {
        while (_inFlight.TryDequeue(out var item))
        {
            (item.ToServer ? Server : Client).HandlePacket(item.Packet);
        }
    }
}

/// <summary>Keeps the messages of one channel.</summary>
internal sealed class ChannelRecorder
{
    public ChannelRecorder(WebRtcDataChannel channel)
    {
        channel.MessageReceived += (_, message, isText) => Messages.Add((message.ToArray(), isText));
        channel.Closed += (_, _) => ClosedCount++;
    }

    public List<(byte[] Data, bool IsText)> Messages { get; } = [];

    public int ClosedCount { get; private set; }
}
