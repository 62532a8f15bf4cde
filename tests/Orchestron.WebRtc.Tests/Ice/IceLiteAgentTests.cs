using System.Net;
using System.Text;
using Orchestron.Testing;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Stun;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private const string RemoteUfrag = "Br0w";
    private static readonly IPEndPoint PeerA = new(IPAddress.Parse("192.168.1.20"), 51000);
    private static readonly IPEndPoint PeerB = new(IPAddress.Parse("2001:db8::20"), 52000);

    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Valid_check_is_answered_with_xor_mapped_address_integrity_and_fingerprint()
    {
        var agent = CreateAgent();
        var request = BindingRequests.Create(ExpectedUsername, _local.Password);
        var response = new byte[512];

        var outcome = agent.ProcessBindingRequest(request, PeerA, response, out var length);

        Assert.Equal(IceCheckOutcome.Accepted, outcome);
        Assert.True(StunMessageReader.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageType.BindingSuccessResponse, answer.MessageType);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), answer.TransactionId.ToArray());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(PeerA, mapped);
        Assert.True(answer.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(_local.Password)));
        Assert.True(answer.VerifyFingerprint());
        Assert.Equal(1, agent.AcceptedChecks);
    }

    [Fact]
    public void Ipv6_peer_gets_an_ipv6_mapped_address()
    {
        var agent = CreateAgent();
        var response = new byte[IceLiteAgent.MinResponseBufferLength];

        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), PeerB, response, out var length);

        Assert.True(StunMessageReader.TryParse(response.AsSpan(0, length), out var answer));
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(PeerB, mapped);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("wrong username")]
    [InlineData("reversed username")]
    [InlineData("no fingerprint")]
    [InlineData("no integrity")]
    public void Invalid_check_gets_no_response_and_is_counted(string defect)
    {
        var agent = CreateAgent();
        var request = defect switch
        {
            "wrong password" => BindingRequests.Create(ExpectedUsername, "ABCDEFGHIJKLMNOPQRSTUVWX"),
            "wrong username" => BindingRequests.Create(_local.Ufrag + ":Oth3r", _local.Password),
            "reversed username" => BindingRequests.Create(RemoteUfrag + ":" + _local.Ufrag, _local.Password),
            "no fingerprint" => BindingRequests.Create(ExpectedUsername, _local.Password, withFingerprint: false),
            _ => BindingRequests.Create(ExpectedUsername, _local.Password, withIntegrity: false),
        };
        var response = new byte[512];

        var outcome = agent.ProcessBindingRequest(request, PeerA, response, out var length);

        Assert.Equal(IceCheckOutcome.Rejected, outcome);
        Assert.Equal(0, length);
        Assert.Equal(1, agent.RejectedChecks);
        Assert.Null(agent.SelectedRemoteEndPoint);
    }

    [Fact]
    public void Too_small_response_buffer_is_refused_clearly()
    {
        var agent = CreateAgent();
        var request = BindingRequests.Create(ExpectedUsername, _local.Password);

        var exception = Assert.Throws<ArgumentException>(() => agent.ProcessBindingRequest(request, PeerA, new byte[40], out _));
        Assert.Contains("at least 76 bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binding_indication_is_not_answered()
    {
        var agent = CreateAgent();
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingIndication, new byte[12]);
        writer.AddFingerprint();

        var outcome = agent.ProcessBindingRequest(buffer.AsSpan(0, writer.Length), PeerA, new byte[512], out var length);

        Assert.Equal(IceCheckOutcome.NotBindingRequest, outcome);
        Assert.Equal(0, length);
    }

    [Fact]
    public void First_valid_check_selects_a_path_and_use_candidate_moves_it()
    {
        var agent = CreateAgent();
        var response = new byte[512];

        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), PeerA, response, out _);
        Assert.Equal(PeerA, agent.SelectedRemoteEndPoint);
        Assert.False(agent.IsNominated);

        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password, useCandidate: true), PeerB, response, out _);
        Assert.Equal(PeerB, agent.SelectedRemoteEndPoint);
        Assert.True(agent.IsNominated);

        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), PeerA, response, out _);
        Assert.Equal(PeerB, agent.SelectedRemoteEndPoint);
        Assert.Equal([PeerA, PeerB], agent.RemoteEndPoints);
    }

    [Fact]
    public void Selected_endpoint_is_a_copy_the_receive_loop_cannot_change()
    {
        var agent = CreateAgent();
        var reused = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 4000);

        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), reused, new byte[512], out _);
        reused.Port = 4001;

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 4000), agent.SelectedRemoteEndPoint);
    }

    [Fact]
    public void Consent_expires_after_the_timeout_without_checks_on_the_selected_path()
    {
        var agent = CreateAgent();
        var response = new byte[512];
        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password, useCandidate: true), PeerA, response, out _);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(agent.IsConsentExpired());
        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), PeerA, response, out _);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(agent.IsConsentExpired());

        // Checks on another path do not renew consent for the one media flows on.
        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), PeerB, response, out _);
        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void Rejected_checks_do_not_renew_consent()
    {
        var agent = CreateAgent();
        var response = new byte[512];
        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, _local.Password), PeerA, response, out _);

        _clock.Advance(TimeSpan.FromSeconds(29));
        agent.ProcessBindingRequest(BindingRequests.Create(ExpectedUsername, "ABCDEFGHIJKLMNOPQRSTUVWX"), PeerA, response, out _);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void Agent_that_never_hears_a_check_expires_counted_from_creation()
    {
        var agent = new IceLiteAgent(_local, RemoteUfrag, new IceLiteAgentOptions { ConsentTimeout = TimeSpan.FromSeconds(5) }, _clock);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(agent.IsConsentExpired());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void Generated_credentials_meet_the_sdp_rules()
    {
        var credentials = IceCredentials.Generate();

        Assert.True(credentials.Ufrag.Length >= 4);
        Assert.True(credentials.Password.Length >= 22);
        Assert.All(credentials.Ufrag + credentials.Password, c => Assert.True(IceCredentials.IsIceChar(c)));
        Assert.NotEqual(credentials.Ufrag, IceCredentials.Generate().Ufrag);
    }

    [Fact]
    public void Credentials_with_forbidden_characters_are_refused_with_a_clear_message()
    {
        var exception = Assert.Throws<ArgumentException>(() => new IceCredentials("ab:cd", "0123456789012345678901"));
        Assert.Contains("':'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Answering_checks_on_a_known_path_allocates_nothing()
    {
        var agent = CreateAgent();
        var request = BindingRequests.Create(ExpectedUsername, _local.Password, useCandidate: true);
        var response = new byte[512];
        agent.ProcessBindingRequest(request, PeerA, response, out _);
        agent.IsConsentExpired();

        var allocations = AllocationTally.Measure(10_000, iteration =>
        {
            agent.ProcessBindingRequest(request, PeerA, response, out _);
            agent.IsConsentExpired();
        });

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
        Assert.Equal(10_001, agent.AcceptedChecks);
    }

    private string ExpectedUsername => _local.Ufrag + ":" + RemoteUfrag;

    private IceLiteAgent CreateAgent() => new(_local, RemoteUfrag, timeProvider: _clock);
}
