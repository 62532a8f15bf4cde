using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Dtls;

public sealed class DtlsSessionTests : IDisposable
{
    private readonly DtlsCertificate _clientCertificate = DtlsCertificate.Generate("CN=client");
    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate("CN=server");

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12)]
    public void Client_and_server_handshake_and_derive_mirrored_keys(SrtpProtectionProfile profile, int keyLength, int saltLength)
    {
        using var clientContext = Context(_clientCertificate, profile);
        using var serverContext = Context(_serverCertificate, profile);
        using var pair = new DtlsPair(clientContext, serverContext);

        pair.Handshake();

        Assert.Equal(DtlsSessionState.Connected, pair.Client.State);
        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
        var client = pair.Client.SrtpKeys!;
        var server = pair.Server.SrtpKeys!;
        Assert.Equal(profile, client.Profile);
        Assert.Equal(profile, server.Profile);
        Assert.Equal(keyLength, client.LocalMasterKey.Length);
        Assert.Equal(saltLength, client.LocalMasterSalt.Length);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.LocalMasterSalt, server.RemoteMasterSalt);
        Assert.Equal(client.RemoteMasterKey, server.LocalMasterKey);
        Assert.Equal(client.RemoteMasterSalt, server.LocalMasterSalt);
        Assert.NotEqual(client.LocalMasterKey, client.RemoteMasterKey);
        Assert.Equal(_serverCertificate.Fingerprint, pair.Client.RemoteCertificateFingerprint);
    }

    [Fact]
    public void Preferred_profile_is_gcm_when_both_offer_both()
    {
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        using var pair = new DtlsPair(clientContext, serverContext);

        pair.Handshake();

        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, pair.Server.SrtpKeys!.Profile);
    }

    [Fact]
    public void Wrong_expected_fingerprint_fails_without_keys()
    {
        using var other = DtlsCertificate.Generate("CN=impostor");
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        using var pair = new DtlsPair(clientContext, serverContext, fingerprintClientExpects: other.Fingerprint);

        pair.Handshake();

        Assert.Equal(DtlsSessionState.Failed, pair.Client.State);
        Assert.Null(pair.Client.SrtpKeys);
        Assert.Contains("does not match", pair.Client.FailureReason, StringComparison.Ordinal);
        Assert.Contains(other.Fingerprint.ToString(), pair.Client.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_checks_the_client_fingerprint_too()
    {
        using var other = DtlsCertificate.Generate("CN=impostor");
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        using var pair = new DtlsPair(clientContext, serverContext, fingerprintServerExpects: other.Fingerprint);

        pair.Handshake();

        Assert.Equal(DtlsSessionState.Failed, pair.Server.State);
        Assert.Null(pair.Server.SrtpKeys);
        Assert.Equal(DtlsSessionState.Connecting, pair.Client.State);
    }

    [Fact]
    public void No_common_srtp_profile_fails_the_handshake_with_openssl_detail()
    {
        using var clientContext = Context(_clientCertificate, SrtpProtectionProfile.Aes128CmHmacSha1_80);
        using var serverContext = Context(_serverCertificate, SrtpProtectionProfile.AeadAes128Gcm);
        using var pair = new DtlsPair(clientContext, serverContext);

        pair.Handshake();

        Assert.NotEqual(DtlsSessionState.Connected, pair.Client.State);
        Assert.NotEqual(DtlsSessionState.Connected, pair.Server.State);
        Assert.True(pair.Client.FailureReason is not null || pair.Server.FailureReason is not null);
    }

    [Fact]
    public void Datagrams_respect_the_configured_size()
    {
        var options = new DtlsContextOptions { MaxDatagramSize = 600 };
        using var clientContext = new DtlsContext(_clientCertificate, options);
        using var serverContext = new DtlsContext(_serverCertificate, options);
        using var pair = new DtlsPair(clientContext, serverContext);

        pair.Handshake();

        Assert.Equal(DtlsSessionState.Connected, pair.Client.State);
        Assert.All(pair.DatagramSizes, size => Assert.InRange(size, 1, 600));
    }

    [Fact]
    public void Lost_first_flight_is_retransmitted_on_timeout()
    {
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        using var pair = new DtlsPair(clientContext, serverContext);
        var lost = 0;
        pair.Drop = (_, fromClient) => fromClient && lost++ == 0;

        pair.Handshake();
        Assert.Equal(DtlsSessionState.Connecting, pair.Client.State);
        var timeout = pair.Client.GetRetransmissionTimeout();
        Assert.NotNull(timeout);
        Assert.InRange(timeout.Value, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        // OpenSSL's DTLS timer runs on the wall clock; wait for it rather than assert how long it takes.
        SpinWait.SpinUntil(() => pair.Client.GetRetransmissionTimeout() == TimeSpan.Zero, TimeSpan.FromSeconds(30));
        pair.Client.HandleTimeout();
        pair.Pump();

        Assert.Equal(DtlsSessionState.Connected, pair.Client.State);
        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
        Assert.Equal(pair.Client.SrtpKeys!.LocalMasterKey, pair.Server.SrtpKeys!.RemoteMasterKey);
    }

    [Fact]
    public void Close_sends_close_notify_and_the_peer_closes()
    {
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        using var pair = new DtlsPair(clientContext, serverContext);
        pair.Handshake();

        pair.Server.Close();
        pair.Pump();

        Assert.Equal(DtlsSessionState.Closed, pair.Server.State);
        Assert.Equal(DtlsSessionState.Closed, pair.Client.State);
        Assert.Null(pair.Client.SrtpKeys);
    }

    [Fact]
    public void Garbage_before_and_after_the_handshake_does_not_throw()
    {
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        using var pair = new DtlsPair(clientContext, serverContext);
        var random = new Random(7);
        var noise = new byte[300];
        random.NextBytes(noise);
        noise[0] = 22;

        pair.Handshake();
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(noise);
            noise[0] = (byte)random.Next(20, 64);
            pair.Server.ProcessDatagram(noise.AsSpan(0, random.Next(1, noise.Length)));
        }

        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
        Assert.NotNull(pair.Server.SrtpKeys);
        Assert.Equal(200, pair.Server.DiscardedDatagrams);

        using var fresh = new DtlsSession(serverContext, DtlsRole.Server, _clientCertificate.Fingerprint, _ => { });
        var state = fresh.ProcessDatagram(noise);
        Assert.Equal(DtlsSessionState.New, state);
        Assert.Equal(1, fresh.DiscardedDatagrams);
    }

    public void Dispose()
    {
        _clientCertificate.Dispose();
        _serverCertificate.Dispose();
    }

    private static DtlsContext Context(DtlsCertificate certificate, SrtpProtectionProfile profile)
    {
        var options = new DtlsContextOptions();
        options.SrtpProfiles.Clear();
        options.SrtpProfiles.Add(profile);
        return new DtlsContext(certificate, options);
    }
}
