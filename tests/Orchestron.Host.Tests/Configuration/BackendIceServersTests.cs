using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The backend ICE server list names the one TURN server the host's transport allocates a relay on: a turn: URL
/// over UDP is read from every place a setting can come from, and what the relay cannot use stops start-up with a
/// message that says why.
/// </summary>
public sealed class BackendIceServersTests
{
    private const string OneTurnServer = """[{"urls":["turn:turn.example.org:3479?transport=udp"],"username":"u","credential":"p"}]""";

    [Theory]
    [InlineData("env")]
    [InlineData("cli")]
    [InlineData("appsettings")]
    public void A_turn_server_over_udp_is_read_from_every_place(string place)
    {
        var setting = OrchestronSettings.BackendIceServers;
        var options = place switch
        {
            "env" => Inputs.FromEnvironment(setting.EnvironmentVariable, OneTurnServer),
            "cli" => Inputs.Load(args: [setting.Switch, OneTurnServer]),
            _ => Inputs.Load(appSettings: new() { [setting.AppSettingsPath] = OneTurnServer }),
        };

        Assert.True(BackendTurnServer.TryCreate(options.WebRtc.BackendIceServers, out var server, out var problem), problem);
        Assert.Equal(new BackendTurnServer("turn.example.org", 3479, "u", "p"), server);
    }

    [Theory]
    [InlineData("""[{"urls":"stun:stun.example.org"}]""", "no stun:")]
    [InlineData("""[{"urls":"turns:t.example.org:5349","username":"u","credential":"p"}]""", "no stun:, stuns: or turns:")]
    [InlineData("""[{"urls":"turn:t.example.org:3478?transport=tcp","username":"u","credential":"p"}]""", "over UDP only")]
    [InlineData("""[{"urls":["turn:a.example.org","turn:b.example.org"],"username":"u","credential":"p"}]""", "exactly one turn: URL")]
    [InlineData("""[{"urls":"turn:t.example.org:0","username":"u","credential":"p"}]""", "port is not a number")]
    public void What_the_relay_cannot_use_stops_start_up_saying_why(string value, string reason)
    {
        var setting = OrchestronSettings.BackendIceServers;

        var error = Inputs.Fails(environment: new() { [setting.EnvironmentVariable] = value });

        var problem = Assert.Single(error.Problems);
        Assert.Contains("VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS", problem, StringComparison.Ordinal);
        Assert.Contains("--webrtc-backend-ice-servers", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    public void An_empty_list_or_a_blank_value_means_no_relay(string value)
    {
        var options = Inputs.FromEnvironment(OrchestronSettings.BackendIceServers.EnvironmentVariable, value);

        Assert.True(BackendTurnServer.TryCreate(options.WebRtc.BackendIceServers, out var server, out _));
        Assert.Null(server);
    }

    [Fact]
    public void The_credential_is_never_printed()
    {
        Assert.DoesNotContain("secret-password", new BackendTurnServer("t", 3478, "u", "secret-password").ToString(), StringComparison.Ordinal);
    }
}
