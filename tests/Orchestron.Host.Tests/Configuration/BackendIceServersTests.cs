using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The ICE-lite sender gathers no server-reflexive or relayed candidates, so backend ICE servers would do nothing:
/// a list given stops start-up with a message that says so, rather than being ignored.
/// </summary>
public sealed class BackendIceServersTests
{
    private const string OneTurnServer = """[{"urls":["turn:t.example.org:3478"],"username":"u","credential":"p"}]""";

    [Theory]
    [InlineData("env")]
    [InlineData("cli")]
    [InlineData("appsettings")]
    public void A_backend_ice_server_list_stops_start_up_naming_the_setting(string place)
    {
        var setting = OrchestronSettings.BackendIceServers;
        var error = place switch
        {
            "env" => Inputs.Fails(environment: new() { [setting.EnvironmentVariable] = OneTurnServer }),
            "cli" => Inputs.Fails(args: [setting.Switch, OneTurnServer]),
            _ => Inputs.Fails(appSettings: new() { [setting.AppSettingsPath] = OneTurnServer }),
        };

        var problem = Assert.Single(error.Problems);
        Assert.Contains("VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS", problem, StringComparison.Ordinal);
        Assert.Contains("--webrtc-backend-ice-servers", problem, StringComparison.Ordinal);
        Assert.Contains("does not use backend ICE servers yet", problem, StringComparison.Ordinal);
        Assert.Contains(OrchestronSettings.PublicIp.EnvironmentVariable, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    public void An_empty_list_or_a_blank_value_is_accepted(string value)
    {
        var options = Inputs.FromEnvironment(OrchestronSettings.BackendIceServers.EnvironmentVariable, value);

        Assert.Empty(options.WebRtc.BackendIceServers);
    }

    [Fact]
    public void The_help_text_says_a_list_is_refused()
    {
        Assert.Contains("does not use backend ICE servers yet", OrchestronSettings.BackendIceServers.Description, StringComparison.Ordinal);
        Assert.Contains(OrchestronSettings.BackendIceServers.Description, OrchestronSettings.Usage(), StringComparison.Ordinal);
    }
}
