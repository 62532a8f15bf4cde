using System.Net;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>A TURN client is never made with periods it cannot keep: each is refused by name.</summary>
public sealed class TurnClientOptionsTests
{
    private const long Second = TimeSpan.TicksPerSecond;

    [Theory]
    [InlineData(nameof(TurnClientOptions.TransactionTimeout), 0, 120 * Second, 600 * Second)]
    [InlineData(nameof(TurnClientOptions.TransactionTimeout), Second / 20, 120 * Second, 600 * Second)]
    [InlineData(nameof(TurnClientOptions.TransactionTimeout), -TimeSpan.TicksPerMillisecond, 120 * Second, 600 * Second)]
    [InlineData(nameof(TurnClientOptions.TransactionTimeout), long.MinValue, 120 * Second, 600 * Second)]
    [InlineData(nameof(TurnClientOptions.TransactionTimeout), 120 * Second, 120 * Second, 600 * Second)]
    [InlineData(nameof(TurnClientOptions.RequestedLifetime), 5 * Second, 120 * Second, 7200 * Second)]
    [InlineData(nameof(TurnClientOptions.RefreshPeriod), 5 * Second, Second / 2, 600 * Second)]
    [InlineData(nameof(TurnClientOptions.RefreshPeriod), 5 * Second, 360 * Second, 600 * Second)]
    public void A_period_out_of_range_is_refused_by_name_when_the_client_is_made(string name, long timeoutTicks, long refreshTicks, long lifetimeTicks)
    {
        var options = new TurnClientOptions
        {
            TransactionTimeout = TimeSpan.FromTicks(timeoutTicks),
            RefreshPeriod = TimeSpan.FromTicks(refreshTicks),
            RequestedLifetime = TimeSpan.FromTicks(lifetimeTicks),
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TurnClient(
            new IPEndPoint(IPAddress.Loopback, 3478), IPAddress.Loopback, "user", "password", (_, _) => { }, options));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void The_defaults_and_the_tests_short_periods_are_accepted()
    {
        new TurnClientOptions().Validate();
        new TurnClientOptions { RefreshPeriod = TimeSpan.FromSeconds(1), TransactionTimeout = TimeSpan.FromSeconds(1) }.Validate();
    }
}
