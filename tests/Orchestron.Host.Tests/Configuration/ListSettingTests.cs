using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

public sealed class ListSettingTests
{
    [Theory]
    [InlineData("""["http://localhost:5173","http://localhost:8000"]""")]
    [InlineData("http://localhost:5173,http://localhost:8000")]
    [InlineData(" http://localhost:5173 , http://localhost:8000/ ,")]
    [InlineData("""[ "HTTP://LOCALHOST:5173", "http://localhost:8000" ]""")]
    public void Cors_origins_are_read_from_json_or_comma_lists_and_normalised(string text)
    {
        var options = Inputs.FromEnvironment("VISUALCSOUND_CORS_ORIGINS", text);

        Assert.Equal(["http://localhost:5173", "http://localhost:8000"], options.CorsOrigins);
    }

    [Fact]
    public void Cors_wildcard_is_kept()
    {
        Assert.Equal(["*"], Inputs.FromEnvironment("VISUALCSOUND_CORS_ORIGINS", "*").CorsOrigins);
    }

    [Fact]
    public void Ice_servers_take_string_or_list_urls_with_optional_credentials()
    {
        const string json = """
            [
              {"urls": "stun:stun.example.org:19302"},
              {"urls": ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
               "username": "alice", "credential": "wonderland"},
              {"urls": "stuns:stun.example.org", "username": null}
            ]
            """;

        var servers = Inputs.FromEnvironment("VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS", json).WebRtc.FrontendIceServers;

        Assert.Equal(3, servers.Count);
        Assert.Equal(["stun:stun.example.org:19302"], servers[0].Urls);
        Assert.Null(servers[0].Username);
        Assert.Equal(["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"], servers[1].Urls);
        Assert.Equal("alice", servers[1].Username);
        Assert.Equal("wonderland", servers[1].Credential);
        Assert.Null(servers[2].Credential);
    }

    [Fact]
    public void Empty_ice_list_is_accepted()
    {
        Assert.Empty(Inputs.FromEnvironment("VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS", "[]").WebRtc.BackendIceServers);
    }

    [Theory]
    [InlineData("""[{"urls":"turn:t.example.org"}]""", "item 0: turn: URLs need both username and credential")]
    [InlineData("""[{"urls":"turn:t.example.org","username":"u"}]""", "item 0: turn: URLs need both username and credential")]
    [InlineData("""[{"urls":"stun:a"},{"urls":"http://a"}]""", "item 1: 'http://a' is not a stun:, stuns:, turn: or turns: URL")]
    [InlineData("""[{"urls":[]}]""", "item 0: 'urls' must be a string or a non-empty list of strings")]
    [InlineData("""[{"urls":[1]}]""", "item 0: 'urls' must be a string or a non-empty list of strings")]
    [InlineData("""[{"urls":"stun:a","credential":5}]""", "item 0: 'credential' must be a string")]
    [InlineData("""["stun:a"]""", "item 0: not an object")]
    [InlineData("""[{"urls":"stun:a"}""", "not valid JSON")]
    public void Ice_server_mistakes_point_at_the_item_and_field(string json, string detail)
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS"] = json });

        Assert.Contains("VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_public_address_is_accepted()
    {
        var options = Inputs.FromEnvironment("VISUALCSOUND_WEBRTC_PUBLIC_IP", "2001:db8::7");

        Assert.Equal("2001:db8::7", options.Streaming.WebRtc.PublicAddresses.SingleOrDefault()?.ToString());
    }
}
