using Orchestron.Streaming.Engine;

namespace Orchestron.Streaming.Tests.Engine;

public sealed class SetupLaneTests
{
    [Fact]
    public async Task Work_runs_in_order_on_the_lanes_own_thread_and_its_exception_is_the_tasks()
    {
        using var lane = new SetupLane("test setup lane", 5);
        var order = new List<int>();

        var first = lane.RunAsync(() => { order.Add(1); return Environment.CurrentManagedThreadId; });
        var second = lane.RunAsync(() => { order.Add(2); return Environment.CurrentManagedThreadId; });
        var failing = lane.RunAsync(() => throw new InvalidOperationException("compile failed"));

        Assert.Equal(await first, await second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, await first);
        Assert.Equal([1, 2], order);
        Assert.Equal("compile failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
    }

    [Fact]
    public void A_lane_runs_at_the_niceness_it_was_given_and_the_shared_one_at_normal_priority()
    {
        using var lane = new SetupLane("test setup lane", 7);

        Assert.Equal(OperatingSystem.IsLinux() ? 7 : null, lane.Niceness);
        Assert.Equal(OperatingSystem.IsLinux() ? SetupLane.DefaultNiceness : null, SetupLane.Shared.Niceness);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SetupLane("too high", 20));
    }
}
