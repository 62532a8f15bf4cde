using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>The security settings: safe defaults, and combinations that would expose the host refused at start.</summary>
public sealed class SecuritySettingsTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void By_default_network_csd_is_off_there_is_no_operator_token_and_limits_are_the_documented_ones()
    {
        var security = Inputs.Load().Security;

        Assert.False(security.AllowNetworkCsd);
        Assert.Null(security.OperatorToken);
        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], security.AllowedHosts);
        Assert.Equal(new RateLimitOptions(10, 30, 30, 6000), security.RateLimits);
        Assert.Equal(8, security.MaxListenersPerSession);
    }

    [Fact]
    public void Issued_turn_credentials_last_ten_minutes_by_default()
    {
        var options = Inputs.Load(environment: new()
        {
            ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478",
            ["VISUALCSOUND_TURN_SECRET"] = "s3cret",
        });

        Assert.Equal(TimeSpan.FromMinutes(10), options.Turn!.CredentialLifetime);
    }

    [Theory]
    [InlineData("127.0.0.1", "localhost 127.0.0.1 [::1]")]
    [InlineData("localhost", "localhost 127.0.0.1 [::1]")]
    [InlineData("::1", "localhost 127.0.0.1 [::1]")]
    [InlineData("127.0.0.2", "localhost 127.0.0.1 [::1] 127.0.0.2")]
    [InlineData("192.168.1.20", "192.168.1.20")]
    [InlineData("0.0.0.0", "*")]
    [InlineData("::", "*")]
    public void Allowed_hosts_default_to_the_names_of_the_listen_address(string host, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Inputs.Load(args: ["--host", host]).Security.AllowedHosts));
    }

    [Fact]
    public void Network_csd_is_enabled_with_an_operator_token()
    {
        var security = Inputs.Load(args: ["--allow-network-csd", "--operator-token", Token]).Security;

        Assert.True(security.AllowNetworkCsd);
        Assert.Equal(Token, security.OperatorToken);
    }

    [Fact]
    public void Network_csd_without_an_operator_token_stops_start_up_naming_both_settings()
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_ALLOW_NETWORK_CSD"] = "true" });

        Assert.Contains("VISUALCSOUND_ALLOW_NETWORK_CSD", error.Message, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_OPERATOR_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_csd_with_any_cors_origin_stops_start_up()
    {
        var error = Inputs.Fails(args: ["--allow-network-csd", "--operator-token", Token, "--cors-origins", "*"]);

        Assert.Contains("VISUALCSOUND_CORS_ORIGINS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_operator_token_is_refused_without_echoing_it()
    {
        var error = Inputs.Fails(args: ["--operator-token", "hunter2"]);

        Assert.Contains("--operator-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VISUALCSOUND_ALLOWED_HOSTS", "http://example.org")]
    [InlineData("VISUALCSOUND_ALLOWED_HOSTS", "[]")]
    [InlineData("VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE", "-1")]
    [InlineData("VISUALCSOUND_MAX_LISTENERS_PER_SESSION", "0")]
    public void Invalid_security_values_stop_start_up_naming_the_setting(string variable, string value)
    {
        var error = Inputs.Fails(environment: new() { [variable] = value });

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_text_hides_the_operator_token()
    {
        var security = Inputs.Load(args: ["--operator-token", Token]).Security;

        Assert.DoesNotContain(Token, security.ToString(), StringComparison.Ordinal);
    }
}
