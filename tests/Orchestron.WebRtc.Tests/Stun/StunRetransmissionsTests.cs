using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Tests.Stun;

public sealed class StunRetransmissionsTests
{
    [Fact]
    public void Waits_double_from_250_ms_and_stop_growing_at_4_s_however_many_times_a_request_is_sent()
    {
        var retransmissions = new StunRetransmissions(TimeSpan.FromDays(1));
        var waits = new List<TimeSpan>();
        // A hundred doublings of 250 ms would overflow TimeSpan many times over.
        for (var sent = 0; sent < 100; sent++)
        {
            Assert.True(retransmissions.TryNext(out var wait));
            waits.Add(wait);
        }

        Assert.Equal([250, 500, 1000, 2000, 4000, 4000], waits.Take(6).Select(wait => wait.TotalMilliseconds));
        Assert.All(waits.Skip(4), wait => Assert.Equal(TimeSpan.FromSeconds(4), wait));
    }

    [Fact]
    public void The_last_wait_is_what_is_left_of_the_timeout()
    {
        var retransmissions = new StunRetransmissions(TimeSpan.FromMilliseconds(600));

        Assert.True(retransmissions.TryNext(out var first));
        Assert.Equal(TimeSpan.FromMilliseconds(250), first);
        Assert.True(retransmissions.TryNext(out var second));
        Assert.True(second > TimeSpan.Zero && second <= TimeSpan.FromMilliseconds(500), second.ToString());
    }

    [Fact]
    public void Less_than_a_millisecond_left_ends_the_transaction_instead_of_sending_in_a_tight_loop()
    {
        var retransmissions = new StunRetransmissions(TimeSpan.FromTicks(5_000));

        Assert.False(retransmissions.TryNext(out var wait));
        Assert.Equal(TimeSpan.Zero, wait);
    }

    [Fact]
    public async Task A_spent_timeout_ends_the_transaction_for_good()
    {
        var retransmissions = new StunRetransmissions(TimeSpan.FromMilliseconds(20));
        Assert.True(retransmissions.TryNext(out var wait));
        Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20));

        await Task.Delay(wait + TimeSpan.FromMilliseconds(5));

        Assert.False(retransmissions.TryNext(out _));
        Assert.False(retransmissions.TryNext(out _));
    }
}
