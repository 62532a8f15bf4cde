using Orchestron.Csound.Midi;

namespace Orchestron.Csound.Tests.Midi;

public class MidiInputQueueTests
{
    [Fact]
    public void Due_messages_come_out_in_arrival_order_and_delayed_ones_wait()
    {
        var queue = new MidiInputQueue(8);
        Assert.True(queue.TryEnqueue(new MidiMessage(100, 0x90, 60, 1)));
        Assert.True(queue.TryEnqueue(new MidiMessage(0, 0x90, 61, 2)));
        Assert.True(queue.TryEnqueue(new MidiMessage(0, 0xC0, 5, 0)));
        var buffer = new byte[64];

        var written = queue.Drain(buffer, 50);
        Assert.Equal([0x90, 61, 2, 0xC0, 5], buffer[..written]);

        Assert.Equal(0, queue.Drain(buffer, 99));
        written = queue.Drain(buffer, 100);
        Assert.Equal([0x90, 60, 1], buffer[..written]);
    }

    [Fact]
    public void A_discard_drops_waiting_and_queued_messages_and_keeps_later_ones()
    {
        var queue = new MidiInputQueue(8);
        var buffer = new byte[64];
        Assert.True(queue.TryEnqueue(new MidiMessage(1000, 0x90, 60, 100)));
        Assert.Equal(0, queue.Drain(buffer, 0));
        Assert.True(queue.TryEnqueue(new MidiMessage(2000, 0x90, 62, 100)));
        Assert.True(queue.TryEnqueue(new MidiMessage(0, 0x90, 64, 100)));

        queue.DiscardQueued();
        Assert.True(queue.TryEnqueue(new MidiMessage(1500, 0x90, 67, 100)));

        Assert.Equal(0, queue.Drain(buffer, 1000));
        var written = queue.Drain(buffer, 5000);
        Assert.Equal([0x90, 67, 100], buffer[..written]);
        Assert.Equal(0, queue.Drain(buffer, 10_000));
    }

    [Fact]
    public void A_full_ring_refuses_and_a_small_buffer_takes_whole_messages_only()
    {
        var queue = new MidiInputQueue(4);
        for (var index = 0; index < 4; index++)
        {
            Assert.True(queue.TryEnqueue(new MidiMessage(0, 0x90, (byte)index, 100)));
        }

        Assert.False(queue.TryEnqueue(new MidiMessage(0, 0x90, 9, 100)));
        var buffer = new byte[4];
        Assert.Equal(3, queue.Drain(buffer, 0));
        Assert.Equal(0, buffer[1]);
        Assert.Equal(3, queue.Drain(buffer, 0));
        Assert.Equal(1, buffer[1]);
    }

    [Fact]
    public void Concurrent_producers_lose_nothing()
    {
        var queue = new MidiInputQueue(1 << 14);
        const int perThread = 2000;
        Parallel.For(0, 4, thread =>
        {
            for (var index = 0; index < perThread; index++)
            {
                Assert.True(queue.TryEnqueue(new MidiMessage(0, (byte)(0x90 + thread), (byte)(index % 128), 1)));
            }
        });

        var counts = new int[4];
        var buffer = new byte[3 * 256];
        int written;
        while ((written = queue.Drain(buffer, 0)) > 0)
        {
            for (var offset = 0; offset < written; offset += 3)
            {
                counts[buffer[offset] - 0x90]++;
            }
        }

        Assert.All(counts, count => Assert.Equal(perThread, count));
    }
}
