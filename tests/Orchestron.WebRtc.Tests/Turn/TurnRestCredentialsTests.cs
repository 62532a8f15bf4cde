using Orchestron.WebRtc;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

public sealed class TurnRestCredentialsTests
{
    [Fact]
    public void The_password_is_the_base64_hmac_sha1_of_the_expiring_user_name()
    {
        // Expected value from Python's hmac module: base64(hmac.new(b"north-wind-7", b"1700003600:orchestron", sha1)).
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        var credentials = TurnRestCredentials.Create("north-wind-7", "orchestron", TimeSpan.FromHours(1), clock);

        Assert.Equal("1700003600:orchestron", credentials.Username);
        Assert.Equal("f37ioY3SvsrVlelzjiSoG53N6uU=", credentials.Credential);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_003_600), credentials.ExpiresAt);
    }

    [Theory]
    [InlineData("", "orchestron", 3600, "sharedSecret")]
    [InlineData("secret", "", 3600, "label")]
    [InlineData("secret", "a:b", 3600, "label")]
    [InlineData("secret", "orchestron", 59, "lifetime")]
    [InlineData("secret", "orchestron", 604_801, "lifetime")]
    public void Bad_input_is_refused_naming_the_argument(string secret, string label, int lifetimeSeconds, string argument)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => TurnRestCredentials.Create(secret, label, TimeSpan.FromSeconds(lifetimeSeconds)));

        Assert.Equal(argument, error.ParamName);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
