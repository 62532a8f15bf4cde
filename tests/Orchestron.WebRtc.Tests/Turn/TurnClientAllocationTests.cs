using System.Net;
using System.Net.Sockets;
using Orchestron.Testing.Allocation;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>Data through an established relay allocates nothing, sent or received.</summary>
public sealed class TurnClientAllocationTests
{
    private const int Warmup = 200;
    private const int Measured = 3_000;

    [Fact]
    public async Task Sending_and_receiving_channel_data_allocates_nothing()
    {
        using var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        var credentials = TurnRestCredentials.Create(coturn.Secret, "orchestron", TimeSpan.FromHours(1));
        var receiving = new ReceiveMeasurement();
        using var client = new TurnClient(new IPEndPoint(IPAddress.Loopback, coturn.Port), IPAddress.Loopback,
            credentials.Username, credentials.Credential, receiving.OnData);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerAddress = (IPEndPoint)peer.LocalEndPoint!;
        var allocation = await client.AllocateAsync();
        await client.AddPeerAsync(peerAddress);
        var payload = new byte[160];

        // Sending: every Send is a stretch of its own on this thread.
        for (var i = 0; i < Warmup; i++)
        {
            client.Send(peerAddress, payload);
        }

        var sending = AllocationTally.Measure(Measured, _ => client.Send(peerAddress, payload));

        // Receiving: the stretches run on the client's receive thread, from one datagram's hand-over to the next.
        var relayed = allocation.RelayedAddress.Serialize();
        for (var i = 0; i < Warmup + Measured; i++)
        {
            peer.SendTo(payload, SocketFlags.None, relayed);
            if (i % 10 == 9)
            {
                // Keeps coturn's and the client's receive buffers from overflowing, which would only lose datagrams.
                Thread.Sleep(1);
            }
        }

        // Loopback under a busy CPU may still lose some; what matters is that enough arrived to measure.
        var arrived = -1;
        while (arrived != receiving.Count)
        {
            arrived = receiving.Count;
            await Task.Delay(500);
        }

        Assert.True(arrived >= Warmup + (Measured / 2), $"Only {arrived} of {Warmup + Measured} datagrams came back through the relay.");

        Assert.True(sending.Bytes == 0 && sending.HasEnoughReadings, "sending: " + sending.Describe());
        Assert.True(receiving.Tally.Bytes == 0 && receiving.Tally.HasEnoughReadings, "receiving: " + receiving.Tally.Describe());
    }

    private sealed class ReceiveMeasurement
    {
        private AllocationStretch _stretch;
        private int _count;

        public AllocationTally Tally { get; } = new();

        public int Count => Volatile.Read(ref _count);

        public void OnData(IPEndPoint peer, ReadOnlySpan<byte> data)
        {
            var count = Interlocked.Increment(ref _count);
            if (count > Warmup)
            {
                Tally.End(_stretch);
            }

            _stretch = AllocationStretch.Begin();
        }
    }
}
