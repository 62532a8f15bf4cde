using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>Random and mutated DTLS datagrams into OpenSSL through our sessions: no exception, no crash, no lost connection.</summary>
public sealed class DtlsFuzzTests : IDisposable
{
    private readonly DtlsCertificate _clientCertificate = DtlsCertificate.Generate("CN=client");
    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate("CN=server");

    [Fact]
    public void Mutated_handshake_flights_and_noise_never_throw_and_leave_a_connected_session_connected()
    {
        using var clientContext = new DtlsContext(_clientCertificate);
        using var serverContext = new DtlsContext(_serverCertificate);
        var flights = new List<byte[]>();
        using var pair = new DtlsPair(clientContext, serverContext);
        pair.Drop = (datagram, _) =>
        {
            flights.Add(datagram);
            return false;
        };
        pair.Handshake();
        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
        var keys = pair.Server.SrtpKeys!;
        var random = new Random(5764);
        var fresh = NewServer(serverContext);
        var freshStates = new Dictionary<DtlsSessionState, int>();

        try
        {
            for (var i = 0; i < 20_000; i++)
            {
                var datagram = Mutate(random, flights[random.Next(flights.Count)]);
                Assert.Equal(DtlsSessionState.Connected, pair.Server.ProcessDatagram(datagram));
                var state = fresh.ProcessDatagram(datagram);
                if (state is DtlsSessionState.Failed or DtlsSessionState.Closed || i % 500 == 0)
                {
                    freshStates[state] = freshStates.GetValueOrDefault(state) + 1;
                    fresh.Dispose();
                    fresh = NewServer(serverContext);
                }
            }
        }
        finally
        {
            fresh.Dispose();
        }

        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
        Assert.Same(keys, pair.Server.SrtpKeys);
        Assert.True(freshStates.GetValueOrDefault(DtlsSessionState.Failed) > 0, "no mutated datagram ever failed a fresh handshake");

        // Whatever the server answered to all that, the real peer takes no offence.
        pair.Drop = (_, _) => false;
        pair.Pump();
        Assert.Equal(DtlsSessionState.Connected, pair.Client.State);
        Assert.Equal(DtlsSessionState.Connected, pair.Server.State);
    }

    public void Dispose()
    {
        _clientCertificate.Dispose();
        _serverCertificate.Dispose();
    }

    private DtlsSession NewServer(DtlsContext context) =>
        new(context, DtlsRole.Server, _clientCertificate.Fingerprint, _ => { });

    private static byte[] Mutate(Random random, byte[] datagram)
    {
        var copy = (byte[])datagram.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            case 1:
                return copy[..random.Next(1, copy.Length)];
            case 2:
                var noise = new byte[random.Next(1, 1500)];
                random.NextBytes(noise);
                noise[0] = (byte)random.Next(20, 64);
                return noise;
            default:
                // Keep the record header, scramble the body: exercises the handshake parsers behind the record layer.
                random.NextBytes(copy.AsSpan(Math.Min(13, copy.Length)));
                return copy;
        }
    }
}
