using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>Handshakes with OpenSSL's own command-line peers over UDP loopback and compares the exported keys.</summary>
public sealed class OpenSslCliInteropTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();

    [Fact]
    public void Our_server_handshakes_with_openssl_s_client_and_derives_its_keys()
    {
        using var udp = new UdpDtlsEndpoint();
        using var context = new DtlsContext(_certificate, Profiles(SrtpProtectionProfile.Aes128CmHmacSha1_80));
        using var peer = OpenSslCliProcess.Start(
            $"s_client -dtls1_2 -use_srtp SRTP_AES128_CM_SHA1_80 -connect 127.0.0.1:{udp.Port} -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen 60");
        using var session = new DtlsSession(context, DtlsRole.Server, DtlsFingerprint.Compute(peer.CertificateDer), udp.Send);

        udp.Run(session, () => session.State is DtlsSessionState.Connected or DtlsSessionState.Failed, Deadline);

        Assert.True(session.State == DtlsSessionState.Connected, $"{session.State}: {session.FailureReason}\n{peer.Output}");
        Assert.True(peer.WaitForOutput("Keying material: ", Deadline), peer.Output);
        var material = peer.KeyingMaterial();
        var keys = session.SrtpKeys!;
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1_80, keys.Profile);
        Assert.Equal(material[..16], keys.RemoteMasterKey);
        Assert.Equal(material[16..32], keys.LocalMasterKey);
        Assert.Equal(material[32..46], keys.RemoteMasterSalt);
        Assert.Equal(material[46..60], keys.LocalMasterSalt);

        peer.CloseInput();
        udp.Run(session, () => session.State == DtlsSessionState.Closed, Deadline);
        Assert.Equal(DtlsSessionState.Closed, session.State);
    }

    [Fact]
    public void Our_client_handshakes_with_openssl_s_server_on_gcm_and_closes_it()
    {
        using var udp = new UdpDtlsEndpoint();
        var port = FreeUdpPort();
        using var context = new DtlsContext(_certificate, Profiles(SrtpProtectionProfile.AeadAes128Gcm));
        using var peer = OpenSslCliProcess.Start(
            $"s_server -dtls1_2 -use_srtp SRTP_AEAD_AES_128_GCM -accept 127.0.0.1:{port} -naccept 1 -verify 1 -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen 56");
        Assert.True(peer.WaitForOutput("ACCEPT", Deadline), peer.Output);
        udp.Remote = new IPEndPoint(IPAddress.Loopback, port);
        using var session = new DtlsSession(context, DtlsRole.Client, DtlsFingerprint.Compute(peer.CertificateDer), udp.Send);

        session.Start();
        udp.Run(session, () => session.State is DtlsSessionState.Connected or DtlsSessionState.Failed, Deadline);

        Assert.True(session.State == DtlsSessionState.Connected, $"{session.State}: {session.FailureReason}\n{peer.Output}");
        Assert.True(peer.WaitForOutput("Keying material: ", Deadline), peer.Output);
        var material = peer.KeyingMaterial();
        var keys = session.SrtpKeys!;
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, keys.Profile);
        Assert.Equal(material[..16], keys.LocalMasterKey);
        Assert.Equal(material[16..32], keys.RemoteMasterKey);
        Assert.Equal(material[32..44], keys.LocalMasterSalt);
        Assert.Equal(material[44..56], keys.RemoteMasterSalt);

        // s_server -naccept 1 exits only once our close_notify ends the connection.
        session.Close();
        Assert.True(peer.WaitForExit(Deadline), peer.Output);
        Assert.Contains("CONNECTION CLOSED", peer.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renegotiation_the_openssl_server_asks_for_is_refused_and_the_keys_stay()
    {
        using var udp = new UdpDtlsEndpoint();
        var port = FreeUdpPort();
        using var context = new DtlsContext(_certificate, Profiles(SrtpProtectionProfile.AeadAes128Gcm));
        using var peer = OpenSslCliProcess.Start(
            $"s_server -dtls1_2 -state -use_srtp SRTP_AEAD_AES_128_GCM -accept 127.0.0.1:{port} -naccept 1 -verify 1");
        Assert.True(peer.WaitForOutput("ACCEPT", Deadline), peer.Output);
        udp.Remote = new IPEndPoint(IPAddress.Loopback, port);
        using var session = new DtlsSession(context, DtlsRole.Client, DtlsFingerprint.Compute(peer.CertificateDer), udp.Send);
        session.Start();
        udp.Run(session, () => session.State is DtlsSessionState.Connected or DtlsSessionState.Failed, Deadline);
        Assert.True(session.State == DtlsSessionState.Connected, $"{session.State}: {session.FailureReason}\n{peer.Output}");
        var keys = session.SrtpKeys!;

        peer.WriteInput("r");
        udp.Run(session, () => peer.Output.Contains("no renegotiation", StringComparison.Ordinal), TimeSpan.FromSeconds(5));

        // Our client answered with the no_renegotiation alert; s_server, which insists, may then end the
        // connection with an alert of its own. What must not happen is a second handshake.
        Assert.Contains("no renegotiation", peer.Output, StringComparison.Ordinal);
        Assert.True(
            session.State == DtlsSessionState.Connected || session.FailureReason!.Contains("alert", StringComparison.Ordinal),
            $"{session.State}: {session.FailureReason}");
        Assert.True(session.State != DtlsSessionState.Connected || ReferenceEquals(keys, session.SrtpKeys));
    }

    [Fact]
    public void Openssl_peer_with_a_certificate_other_than_the_sdp_fingerprint_fails()
    {
        using var udp = new UdpDtlsEndpoint();
        using var context = new DtlsContext(_certificate);
        using var impostor = DtlsCertificate.Generate("CN=expected");
        using var peer = OpenSslCliProcess.Start(
            $"s_client -dtls1_2 -use_srtp SRTP_AES128_CM_SHA1_80 -connect 127.0.0.1:{udp.Port}");
        using var session = new DtlsSession(context, DtlsRole.Server, impostor.Fingerprint, udp.Send);

        udp.Run(session, () => session.State is DtlsSessionState.Connected or DtlsSessionState.Failed, Deadline);

        Assert.Equal(DtlsSessionState.Failed, session.State);
        Assert.Null(session.SrtpKeys);
        Assert.Contains("does not match", session.FailureReason, StringComparison.Ordinal);

        // Our Finished was never sent, so the peer cannot have completed its side of the handshake.
        Assert.False(peer.WaitForOutput("SSL handshake has read", TimeSpan.FromSeconds(3)), peer.Output);
    }

    public void Dispose() => _certificate.Dispose();

    private static DtlsContextOptions Profiles(SrtpProtectionProfile profile)
    {
        var options = new DtlsContextOptions();
        options.SrtpProfiles.Clear();
        options.SrtpProfiles.Add(profile);
        return options;
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
