using System.Net;
using System.Text;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Tests.Ice;

public sealed class IcePathValidatorTests
{
    private const string RemotePassword = "remote-password-0123456789";
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.7"), 40000);
    private static readonly IPEndPoint Victim = new(IPAddress.Parse("198.51.100.9"), 5000);
    private readonly byte[] _request = new byte[IcePathValidator.MaxRequestLength];

    [Fact]
    public void A_nominated_path_is_confirmed_only_by_an_authentic_answer_from_that_address()
    {
        var validator = new IcePathValidator("loca", "remo", RemotePassword, TimeSpan.FromSeconds(30), now: 0);
        Assert.True(validator.Propose(Victim, 0));
        var request = NextRequest(validator, 0, Victim);

        Assert.Equal(IcePathResponse.Ignored, validator.ProcessResponse(Answer(request, RemotePassword), Peer, 10));
        Assert.Equal(IcePathResponse.Ignored, validator.ProcessResponse(Answer(request, "not-the-peers-password-000"), Victim, 10));
        Assert.Equal(IcePathResponse.Ignored, validator.ProcessResponse(Answer(new byte[12], RemotePassword), Victim, 10));
        Assert.Null(validator.ConfirmedPath);

        Assert.Equal(IcePathResponse.PathConfirmed, validator.ProcessResponse(Answer(request, RemotePassword), Victim, 10));
        Assert.Equal(Victim, validator.ConfirmedPath);
        Assert.Null(validator.PendingPath);
    }

    [Fact]
    public void The_probe_carries_the_peers_username_and_its_password_and_says_we_are_controlled()
    {
        var validator = new IcePathValidator("loca", "remo", RemotePassword, TimeSpan.FromSeconds(30), now: 0);
        validator.Propose(Peer, 0);
        Assert.True(validator.TryWriteDueRequest(0, _request, out var length, out _));

        Assert.True(StunMessageReader.TryParse(_request.AsSpan(0, length), out var message));
        Assert.Equal(StunMessageType.BindingRequest, message.MessageType);
        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out var username));
        Assert.Equal("remo:loca", Encoding.UTF8.GetString(username));
        Assert.True(message.HasAttribute(StunAttributeType.Priority));
        Assert.True(message.HasAttribute(StunAttributeType.IceControlled));
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(RemotePassword)));
        Assert.True(message.HasFingerprint && message.VerifyFingerprint());
    }

    [Fact]
    public void An_unanswered_probe_is_retransmitted_on_rfc5389_timers_seven_times_then_given_up()
    {
        var validator = new IcePathValidator("loca", "remo", RemotePassword, TimeSpan.FromSeconds(30), now: 0);
        validator.Propose(Victim, 0);
        var sentAt = new List<long>();
        for (long now = 0; now < 120_000; now += 50)
        {
            while (validator.TryWriteDueRequest(now, _request, out _, out var target))
            {
                Assert.Equal(Victim, target);
                sentAt.Add(now);
            }
        }

        Assert.Equal([0, 500, 1500, 3500, 7500, 15500, 31500], sentAt);
        Assert.Null(validator.PendingPath);
        Assert.Null(validator.ConfirmedPath);
    }

    [Fact]
    public void Consent_is_renewed_only_by_checks_from_the_confirmed_path()
    {
        var validator = new IcePathValidator("loca", "remo", RemotePassword, TimeSpan.FromSeconds(30), now: 0);
        validator.OnAuthenticCheck(Peer, 20_000);
        Assert.True(validator.IsConsentExpired(30_001));

        validator.Propose(Peer, 0);
        Assert.Equal(IcePathResponse.PathConfirmed, validator.ProcessResponse(Answer(NextRequest(validator, 0, Peer), RemotePassword), Peer, 0));
        validator.OnAuthenticCheck(Peer, 20_000);
        validator.OnAuthenticCheck(Victim, 45_000);

        Assert.False(validator.IsConsentExpired(50_000));
        Assert.True(validator.IsConsentExpired(50_001));
    }

    private byte[] NextRequest(IcePathValidator validator, long now, IPEndPoint expectedTarget)
    {
        Assert.True(validator.TryWriteDueRequest(now, _request, out var length, out var target));
        Assert.Equal(expectedTarget, target);
        return _request.AsSpan(0, length).ToArray();
    }

    /// <summary>A success response to <paramref name="requestOrTransaction"/> (a request, or a bare 12-byte transaction id).</summary>
    private static byte[] Answer(byte[] requestOrTransaction, string password)
    {
        var transaction = requestOrTransaction.Length == 12 ? requestOrTransaction : requestOrTransaction.AsSpan(8, 12).ToArray();
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, transaction);
        writer.AddXorMappedAddress(IPAddress.Parse("203.0.113.1"), 3478);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return buffer.AsSpan(0, writer.Length).ToArray();
    }
}
