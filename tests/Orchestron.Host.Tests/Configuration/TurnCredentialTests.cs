using System.Diagnostics;
using System.Globalization;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

public sealed class TurnCredentialTests
{
    [Fact]
    public void Credential_follows_the_turn_rest_scheme_checked_with_openssl()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var options = new TurnOptions(["turn:127.0.0.1:3478"], "north-wind secret", TimeSpan.FromSeconds(3600));

        var server = new TurnCredentialIssuer(options, new FixedClock(now)).Issue();

        var expiry = now.ToUnixTimeSeconds() + 3600;
        Assert.Equal(expiry.ToString(CultureInfo.InvariantCulture) + ":orchestron", server.Username);
        Assert.Equal(["turn:127.0.0.1:3478"], server.Urls);
        Assert.Equal(OpenSslHmacSha1Base64("north-wind secret", server.Username!), server.Credential);
    }

    [Fact]
    public void Each_issue_uses_the_current_time()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_000_000));
        var issuer = new TurnCredentialIssuer(
            new TurnOptions(["turn:a"], "k", TimeSpan.FromSeconds(60)), clock);

        var first = issuer.Issue();
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(2_000_000);
        var second = issuer.Issue();

        Assert.Equal("1000060:orchestron", first.Username);
        Assert.Equal("2000060:orchestron", second.Username);
        Assert.NotEqual(first.Credential, second.Credential);
    }

    private static string OpenSslHmacSha1Base64(string secret, string message)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "printf '%s' \"$MESSAGE\" | openssl dgst -sha1 -hmac \"$SECRET\" -binary | base64" },
            RedirectStandardOutput = true,
            Environment = { ["MESSAGE"] = message, ["SECRET"] = secret },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
