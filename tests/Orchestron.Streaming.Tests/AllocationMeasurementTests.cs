using Orchestron.Testing.Allocation;

namespace Orchestron.Streaming.Tests;

/// <summary>The allocation counting every "allocates nothing" test relies on must see allocations and collections.</summary>
public sealed class AllocationMeasurementTests
{
    [Fact]
    public void A_stretch_that_allocates_is_counted_once_the_next_one_shows_no_collection_began_in_it()
    {
        var kept = new List<byte[]>();
        AllocationTally? tally = null;
        for (var attempt = 0; attempt < 10 && tally?.Read != 1; attempt++)
        {
            // A collection that tests running alongside cause may cross even these short stretches; then try again.
            tally = new AllocationTally();
            var allocating = AllocationStretch.Begin();
            kept.Add(new byte[1000]);
            tally.Add(allocating.End());
            var quiet = AllocationStretch.Begin();
            tally.Add(quiet.End());
        }

        Assert.True(tally!.Bytes >= 1000, tally.Describe());
        Assert.Equal(1, tally.Read);
        Assert.True(tally.HasEnoughReadings);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void A_collection_leaves_out_its_own_stretch_and_the_one_before_it()
    {
        var tally = new AllocationTally();
        tally.Add(AllocationStretch.Begin().End());
        var collected = AllocationStretch.Begin();
        GC.Collect();
        tally.Add(collected.End());

        Assert.Equal(0, tally.Read);
        Assert.Equal(2, tally.Unreadable);
        Assert.False(tally.HasEnoughReadings);
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

        // The first stretch is left out with the second, in which the first collection ran.
        Assert.Equal(0, tally.Read);
        Assert.Equal(12, tally.Unreadable);
        Assert.False(tally.HasEnoughReadings);
        Assert.Contains("12 stretches crossed", tally.Describe());
    }
}
