using System.Net;
using Orchestron.Testing;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Tests.Ice;

/// <summary>Random and mutated datagrams at the agent and the demultiplexer: nothing escapes, nothing forged passes.</summary>
public sealed class StunFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void Random_and_mutated_datagrams_never_throw_and_never_pass_as_valid_checks()
    {
        var random = new Random(5769);
        var local = IceCredentials.Generate();
        var agent = new IceLiteAgent(local, "peer");
        var demux = new IceDemultiplexer<IceLiteAgent>();
        demux.Register(local.Ufrag, agent);
        var remote = new IPEndPoint(IPAddress.Parse("192.0.2.9"), 40000);
        var valid = BindingRequests.Create(local.Ufrag + ":peer", local.Password, useCandidate: true);
        var response = new byte[StunConstants.MaxMessageLength];
        var outcomes = new int[4];

        for (var i = 0; i < Iterations; i++)
        {
            var datagram = Mutate(random, valid, i);
            demux.TryRoute(datagram, remote, out _);
            var outcome = agent.ProcessBindingRequest(datagram, remote, response, out _);
            outcomes[(int)outcome]++;
            if (outcome == IceCheckOutcome.Accepted)
            {
                Assert.Equal(valid, datagram);
            }

            if (StunMessageReader.TryParse(datagram, out var message))
            {
                message.TryGetXorMappedAddress(out _);
                message.TryGetErrorCode(out _, out _);
                message.VerifyMessageIntegrity(local.PasswordKey);
                message.VerifyFingerprint();
            }
        }

        Assert.Equal(outcomes[(int)IceCheckOutcome.Rejected], agent.RejectedChecks);
        Assert.True(outcomes[(int)IceCheckOutcome.Malformed] > Iterations / 4);
        Assert.True(outcomes[(int)IceCheckOutcome.Rejected] > 0);
        Assert.True(outcomes[(int)IceCheckOutcome.Accepted] >= Iterations / 1000);
    }

    private static byte[] Mutate(Random random, byte[] valid, int i)
    {
        switch (i % 5)
        {
            case 0:
                var noise = new byte[random.Next(0, 600)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return valid.AsSpan(0, random.Next(0, valid.Length)).ToArray();
            case 2:
                var copy = (byte[])valid.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            case 3:
                var lengthLie = (byte[])valid.Clone();
                lengthLie[20 + (random.Next(0, 6) * 4) % (valid.Length - 20) + 2] = (byte)random.Next(256);
                return lengthLie;
            default:
                return i % 1000 == 4 ? (byte[])valid.Clone() : Interleave(random, valid);
        }
    }

    private static byte[] Interleave(Random random, byte[] valid)
    {
        // Keeps a valid header and cookie so the attribute walk itself is what gets exercised.
        var body = new byte[random.Next(0, 120) & ~3];
        random.NextBytes(body);
        var datagram = new byte[20 + body.Length];
        valid.AsSpan(0, 20).CopyTo(datagram);
        datagram[2] = (byte)(body.Length >> 8);
        datagram[3] = (byte)body.Length;
        body.CopyTo(datagram, 20);
        return datagram;
    }
}
