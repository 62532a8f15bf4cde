using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The backend ICE server list names at most one STUN server and one TURN server for the host's transport: a
/// turn: URL over UDP is read from every place a setting can come from, a stun: URL alone or beside it, a shared
/// secret instead of credentials, and what the transport cannot use stops start-up with a message that says why.
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

        Assert.True(BackendIceServers.TryCreate(options.WebRtc.BackendIceServers, out var servers, out var problem), problem);
        Assert.Equal(new BackendTurnServer("turn.example.org", 3479, "u", "p"), servers.Turn);
        Assert.Null(servers.Stun);
    }

    [Theory]
    [InlineData("""[{"urls":"stun:stun.example.org"}]""", "stun.example.org", 3478, false)]
    [InlineData("""[{"urls":"stun:192.0.2.7:3479"}]""", "192.0.2.7", 3479, false)]
    [InlineData("""[{"urls":["stun:t.example.org:3478","turn:t.example.org:3478"],"username":"u","credential":"p"}]""", "t.example.org", 3478, true)]
    [InlineData("""[{"urls":"stun:s.example.org"},{"urls":"turn:t.example.org","secret":"shh"}]""", "s.example.org", 3478, true)]
    public void A_stun_server_is_taken_alone_or_beside_a_turn_server(string value, string host, int port, bool withTurn)
    {
        var options = Inputs.FromEnvironment(OrchestronSettings.BackendIceServers.EnvironmentVariable, value);

        Assert.True(BackendIceServers.TryCreate(options.WebRtc.BackendIceServers, out var servers, out var problem), problem);
        Assert.Equal(new BackendStunServer(host, port), servers.Stun);
        Assert.Equal(withTurn, servers.Turn is not null);
    }

    [Fact]
    public void A_turn_server_may_give_its_shared_secret_instead_of_credentials()
    {
        var options = Inputs.FromEnvironment(
            OrchestronSettings.BackendIceServers.EnvironmentVariable, """[{"urls":"turn:turn.example.org","secret":"the-static-auth-secret"}]""");

        Assert.True(BackendIceServers.TryCreate(options.WebRtc.BackendIceServers, out var servers, out var problem), problem);
        Assert.Equal("the-static-auth-secret", servers.Turn!.Secret);
        Assert.Null(servers.Turn.Username);
        Assert.DoesNotContain("the-static-auth-secret", servers.Turn.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-static-auth-secret", options.WebRtc.BackendIceServers[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_beside_credentials_is_refused()
    {
        var setting = OrchestronSettings.BackendIceServers;

        var error = Inputs.Fails(environment: new() { [setting.EnvironmentVariable] = """[{"urls":"turn:t.example.org","username":"u","credential":"p","secret":"s"}]""" });

        var problem = Assert.Single(error.Problems);
        Assert.Contains(setting.EnvironmentVariable, problem, StringComparison.Ordinal);
        Assert.Contains("either username and credential, or secret, not both", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_secret_is_refused_in_the_browsers_list()
    {
        var setting = OrchestronSettings.FrontendIceServers;

        var error = Inputs.Fails(environment: new() { [setting.EnvironmentVariable] = """[{"urls":"turn:t.example.org","secret":"s"}]""" });

        var problem = Assert.Single(error.Problems);
        Assert.Contains(setting.EnvironmentVariable, problem, StringComparison.Ordinal);
        Assert.Contains("cannot use a TURN shared secret", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"urls":"stuns:stun.example.org"}]""", "no stuns: or turns:")]
    [InlineData("""[{"urls":"turns:t.example.org:5349","username":"u","credential":"p"}]""", "no stuns: or turns:")]
    [InlineData("""[{"urls":"turn:t.example.org:3478?transport=tcp","username":"u","credential":"p"}]""", "over UDP only")]
    [InlineData("""[{"urls":["turn:a.example.org","turn:b.example.org"],"username":"u","credential":"p"}]""", "at most one turn: URL")]
    [InlineData("""[{"urls":["stun:a.example.org","stun:b.example.org"]}]""", "at most one stun: URL")]
    [InlineData("""[{"urls":"stun:a.example.org?transport=udp"}]""", "no parameters")]
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
    public void An_empty_list_or_a_blank_value_means_host_candidates_only(string value)
    {
        var options = Inputs.FromEnvironment(OrchestronSettings.BackendIceServers.EnvironmentVariable, value);

        Assert.True(BackendIceServers.TryCreate(options.WebRtc.BackendIceServers, out var servers, out _));
        Assert.Equal(BackendIceServers.None, servers);
    }

    [Fact]
    public void The_credential_is_never_printed()
    {
        Assert.DoesNotContain("secret-password", new BackendTurnServer("t", 3478, "u", "secret-password").ToString(), StringComparison.Ordinal);
    }
}
