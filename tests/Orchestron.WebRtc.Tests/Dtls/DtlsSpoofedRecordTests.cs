using System.Security.Cryptography;
using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>Unauthenticated records after the handshake, as anyone able to spoof the peer's address can send them.</summary>
public sealed class DtlsSpoofedRecordTests : IDisposable
{
    private readonly DtlsCertificate _clientCertificate = DtlsCertificate.Generate();
    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate();
    private readonly DtlsContext _clientContext;
    private readonly DtlsContext _serverContext;

    public DtlsSpoofedRecordTests()
    {
        _clientContext = new DtlsContext(_clientCertificate);
        _serverContext = new DtlsContext(_serverCertificate);
    }

    public static TheoryData<byte, int, bool> ShortRecords()
    {
        var data = new TheoryData<byte, int, bool>();
        foreach (byte contentType in new byte[] { 20, 21, 22, 23 })
        {
            foreach (var length in new[] { 0, 1, 2, 13, 16, 23 })
            {
                data.Add(contentType, length, true);
                data.Add(contentType, length, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShortRecords))]
    public void A_forged_record_too_short_to_be_encrypted_is_dropped_and_the_real_close_notify_still_closes(byte contentType, int length, bool atServer)
    {
        using var pair = new DtlsPair(_clientContext, _serverContext);
        pair.Handshake();
        var (victim, peer) = atServer ? (pair.Server, pair.Client) : (pair.Client, pair.Server);

        for (ulong sequence = 50; sequence < 60; sequence++)
        {
            Assert.Equal(DtlsSessionState.Connected, victim.ProcessDatagram(ForgedDtlsRecords.Record(contentType, 1, sequence, RandomNumberGenerator.GetBytes(length))));
        }

        peer.Close();
        pair.Pump();

        Assert.Equal(DtlsSessionState.Closed, victim.State);
    }

    public void Dispose()
    {
        _clientContext.Dispose();
        _serverContext.Dispose();
        _clientCertificate.Dispose();
        _serverCertificate.Dispose();
    }
}
