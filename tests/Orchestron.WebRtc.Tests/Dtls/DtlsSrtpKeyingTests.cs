using System.Buffers.Binary;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>Keys exported by a DTLS handshake key the SRTP layer: what one side protects, the other unprotects.</summary>
public sealed class DtlsSrtpKeyingTests : IDisposable
{
    private readonly DtlsCertificate _clientCertificate = DtlsCertificate.Generate("CN=client");
    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate("CN=server");

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void Rtp_protected_with_one_sides_keys_is_unprotected_with_the_others(SrtpProtectionProfile profile)
    {
        var options = new DtlsContextOptions();
        options.SrtpProfiles.Clear();
        options.SrtpProfiles.Add(profile);
        using var clientContext = new DtlsContext(_clientCertificate, options);
        using var serverContext = new DtlsContext(_serverCertificate, options);
        using var pair = new DtlsPair(clientContext, serverContext);
        pair.Handshake();
        using var sender = ToSrtp(pair.Server.SrtpKeys!);
        using var receiver = ToSrtp(pair.Client.SrtpKeys!);
        byte[] payload = [0xFC, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07];
        var packet = new byte[12 + payload.Length + sender.Outbound.RtpOverhead];
        packet[0] = 0x80;
        packet[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 4711);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 960);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1234ABCD);
        payload.CopyTo(packet, 12);

        var protectedLength = sender.Protect(packet, 12 + payload.Length);
        Assert.NotEqual(payload, packet.AsSpan(12, payload.Length).ToArray());
        var result = receiver.Unprotect(packet, protectedLength, out var plainLength);

        Assert.Equal(SrtpUnprotectResult.Success, result);
        Assert.Equal(12 + payload.Length, plainLength);
        Assert.Equal(payload, packet.AsSpan(12, payload.Length).ToArray());
    }

    public void Dispose()
    {
        _clientCertificate.Dispose();
        _serverCertificate.Dispose();
    }

    private static SrtpSession ToSrtp(DtlsSrtpKeys keys) => new(
        keys.Profile,
        keys.LocalMasterKey,
        keys.LocalMasterSalt,
        keys.RemoteMasterKey,
        keys.RemoteMasterSalt);
}
