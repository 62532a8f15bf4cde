using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class SpscRingTests
{
    [Fact]
    public void Two_threads_move_100_million_samples_without_loss_duplication_or_reordering()
    {
        const int total = 100_000_000;
        var ring = new SpscRing<int>(1 << 16);
        Exception? producerFailure = null;

        var producer = new Thread(() =>
        {
            try
            {
                var random = new Random(1);
                var chunk = new int[1500];
                var next = 0;
                var spin = default(SpinWait);
                while (next < total)
                {
                    // Chunk sizes vary so that writes straddle the wrap-around point at every offset.
                    var size = Math.Min(random.Next(1, chunk.Length), total - next);
                    for (var i = 0; i < size; i++)
                    {
                        chunk[i] = next + i;
                    }

                    var offset = 0;
                    while (offset < size)
                    {
                        var written = ring.Write(chunk.AsSpan(offset, size - offset));
                        offset += written;
                        if (written == 0)
                        {
                            spin.SpinOnce(sleep1Threshold: -1);
                        }
                    }

                    next += size;
                }
            }
            catch (Exception e)
            {
                producerFailure = e;
            }
        });
        producer.Start();

        var consumerRandom = new Random(2);
        var buffer = new int[1700];
        var expected = 0;
        var mismatches = 0;
        var consumerSpin = default(SpinWait);
        while (expected < total && (producer.IsAlive || ring.Count > 0))
        {
            var read = ring.Read(buffer.AsSpan(0, consumerRandom.Next(1, buffer.Length)));
            if (read == 0)
            {
                consumerSpin.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != expected + i)
                {
                    mismatches++;
                }
            }

            expected += read;
        }

        producer.Join();
        Assert.Null(producerFailure);
        Assert.Equal(0, mismatches);
        Assert.Equal(total, expected);
        Assert.Equal(total, ring.TotalWritten);
        Assert.Equal(total, ring.TotalRead);
    }

    [Fact]
    public void Capacity_rounds_up_to_a_power_of_two_and_bounds_what_is_written()
    {
        var ring = new SpscRing<float>(1000);
        Assert.Equal(1024, ring.Capacity);
        Assert.Equal(1024, ring.Write(new float[2000]));
        Assert.Equal(0, ring.Write(new float[1]));
        Assert.Equal(1024, ring.Count);
    }

    [Fact]
    public void Reads_return_what_was_written_in_order_across_the_wrap_point()
    {
        var ring = new SpscRing<int>(8);
        var destination = new int[8];
        Assert.Equal(6, ring.Write([1, 2, 3, 4, 5, 6]));
        Assert.Equal(5, ring.Read(destination.AsSpan(0, 5)));
        Assert.Equal(7, ring.Write([7, 8, 9, 10, 11, 12, 13, 14, 15]));
        Assert.Equal(8, ring.Read(destination));
        Assert.Equal([6, 7, 8, 9, 10, 11, 12, 13], destination);
        Assert.Equal(0, ring.Count);
        Assert.Equal(0, ring.Read(destination));
    }

    [Fact]
    public void Skip_discards_the_oldest_elements_only_up_to_what_is_queued()
    {
        var ring = new SpscRing<int>(16);
        ring.Write([1, 2, 3, 4, 5]);
        Assert.Equal(3, ring.Skip(3));
        var destination = new int[4];
        Assert.Equal(2, ring.Read(destination));
        Assert.Equal([4, 5], destination[..2]);
        Assert.Equal(0, ring.Skip(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Skip(-1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData((1 << 30) + 1)]
    public void An_invalid_capacity_is_rejected(int capacity)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<int>(capacity));
        Assert.Contains("between 1 and 2^30", error.Message, StringComparison.Ordinal);
    }
}
