using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Testing.Allocation;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>Steady-state messages on open channels allocate nothing, on the sending or the receiving side.</summary>
public sealed class DataChannelAllocationTests
{
    [Fact]
    public void Thousands_of_messages_on_a_reliable_and_an_unreliable_channel_allocate_nothing()
    {
        var link = new PreallocatedLink();
        var client = new DataChannelSession(DtlsRole.Client, link.ToServer, 1120, 5000, NullLogger.Instance);
        var server = new DataChannelSession(DtlsRole.Server, link.ToClient, 1120, 5000, NullLogger.Instance);
        link.Client = client;
        link.Server = server;
        var received = 0;
        var bytes = 0;
        server.ChannelOpened += channel => channel.MessageReceived += (_, message, _) =>
        {
            received++;
            bytes += message.Length;
        };
        client.Connect();
        link.Pump();
        var reliable = client.Open(new DataChannelParameters("control", "", true, null, null));
        var unreliable = client.Open(new DataChannelParameters("audio", "", false, 0, null));
        link.Pump();
        var payload = new byte[120];

        void RunMessages(int count)
        {
            for (var i = 0; i < count; i++)
            {
                payload[0] = (byte)i;
                if (!reliable.Send(payload.AsSpan(0, 8)) || !unreliable.Send(payload) || !unreliable.SendText("note-on 60"))
                {
                    throw new InvalidOperationException("A send was refused.");
                }

                link.Pump();
            }
        }

        RunMessages(200);
        var before = received;
        var allocations = AllocationTally.Measure(5_000, _ => RunMessages(1));

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
        Assert.True(received - before >= 3 * 5_000, $"{received - before} messages arrived");
    }
}
