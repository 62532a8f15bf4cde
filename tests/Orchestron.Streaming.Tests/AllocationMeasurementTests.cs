using Orchestron.Testing.Allocation;

namespace Orchestron.Streaming.Tests;

/// <summary>The allocation counting every "allocates nothing" test relies on must see allocations and collections.</summary>
public sealed class AllocationMeasurementTests
{
    [Fact]
    public void A_stretch_that_allocates_is_counted_and_one_a_collection_crossed_is_left_out()
    {
        var kept = new List<byte[]>();
        long? allocated = null;
        for (var attempt = 0; attempt < 10 && allocated is null; attempt++)
        {
            // A collection that tests running alongside cause may cross even this short stretch; then try again.
            var allocating = AllocationStretch.Begin();
            kept.Add(new byte[1000]);
            allocated = allocating.End();
        }

        var tally = new AllocationTally();
        tally.Add(allocated);
        var collected = AllocationStretch.Begin();
        GC.Collect();
        tally.Add(collected.End());

        Assert.True(tally.Bytes >= 1000, tally.Describe());
        Assert.Equal(1, tally.Read);
        Assert.Equal(1, tally.Unreadable);
        Assert.True(tally.HasEnoughReadings);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void A_tally_with_fewer_than_one_readable_stretch_in_ten_does_not_have_enough_readings()
    {
        var tally = AllocationTally.Measure(12, iteration =>
        {
            if (iteration > 0)
            {
                GC.Collect();
            }
        });

        Assert.Equal(1, tally.Read);
        Assert.Equal(11, tally.Unreadable);
        Assert.False(tally.HasEnoughReadings);
        Assert.Contains("11 stretches crossed", tally.Describe());
    }
}
