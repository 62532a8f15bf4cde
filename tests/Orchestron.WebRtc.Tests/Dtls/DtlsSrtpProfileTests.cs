using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Dtls;

public sealed class DtlsSrtpProfileTests
{
    [Fact]
    public void Profiles_are_numbered_with_their_iana_dtls_srtp_ids()
    {
        // RFC 5764 section 4.1.2 and RFC 7714 section 14.2: DTLS negotiates these ids, SRTP takes the same value.
        Assert.Equal(0x0001, (int)SrtpProtectionProfile.Aes128CmHmacSha1_80);
        Assert.Equal(0x0007, (int)SrtpProtectionProfile.AeadAes128Gcm);
    }

    [Fact]
    public void A_context_refuses_a_profile_this_library_does_not_implement()
    {
        using var certificate = DtlsCertificate.Generate();
        var options = new DtlsContextOptions();
        options.SrtpProfiles.Add((SrtpProtectionProfile)0x0002);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsContext(certificate, options));
        Assert.Contains("0x0002", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12)]
    public void Exported_material_splits_into_client_and_server_keys_by_role(SrtpProtectionProfile profile, int keyLength, int saltLength)
    {
        var material = Enumerable.Range(1, 2 * (keyLength + saltLength)).Select(i => (byte)i).ToArray();
        byte[] clientKey = [.. material.Take(keyLength)];
        byte[] serverKey = [.. material.Skip(keyLength).Take(keyLength)];
        byte[] clientSalt = [.. material.Skip(2 * keyLength).Take(saltLength)];
        byte[] serverSalt = [.. material.Skip((2 * keyLength) + saltLength)];

        var client = DtlsSrtpKeyExport.Split(profile, material.ToArray(), DtlsRole.Client);
        var server = DtlsSrtpKeyExport.Split(profile, material.ToArray(), DtlsRole.Server);

        Assert.Equal(new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt), client, KeysComparer.Instance);
        Assert.Equal(new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt), server, KeysComparer.Instance);
    }

    private sealed class KeysComparer : IEqualityComparer<DtlsSrtpKeys>
    {
        public static readonly KeysComparer Instance = new();

        public bool Equals(DtlsSrtpKeys? x, DtlsSrtpKeys? y) =>
            x is not null && y is not null && x.Profile == y.Profile
            && x.LocalMasterKey.SequenceEqual(y.LocalMasterKey) && x.LocalMasterSalt.SequenceEqual(y.LocalMasterSalt)
            && x.RemoteMasterKey.SequenceEqual(y.RemoteMasterKey) && x.RemoteMasterSalt.SequenceEqual(y.RemoteMasterSalt);

        public int GetHashCode(DtlsSrtpKeys obj) => (int)obj.Profile;
    }
}
