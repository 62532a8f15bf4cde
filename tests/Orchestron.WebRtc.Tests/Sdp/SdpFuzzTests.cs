using System.Text;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Sdp;

namespace Orchestron.WebRtc.Tests.Sdp;

/// <summary>Mutated real offers at the parser and the answer builder: only SdpException may come out.</summary>
public sealed class SdpFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void Mutated_offers_raise_nothing_but_sdp_exceptions()
    {
        var random = new Random(8866);
        var seeds = TestOffers.All.Select(TestOffers.Load).ToArray();
        using var certificate = DtlsCertificate.Generate();
        var options = new SdpAnswerOptions(IceCredentials.Generate(), certificate.Fingerprint, []);
        int parsed = 0, answered = 0, refused = 0;

        for (var i = 0; i < Iterations; i++)
        {
            var text = Mutate(random, seeds[i % seeds.Length]);
            try
            {
                var offer = SdpSessionDescription.Parse(text);
                parsed++;
                SdpAnswerBuilder.Build(offer, options);
                answered++;
            }
            catch (SdpException exception)
            {
                refused++;
                Assert.False(string.IsNullOrWhiteSpace(exception.Message));
            }
        }

        Assert.Equal(Iterations, answered + refused);
        Assert.True(parsed > Iterations / 10, $"only {parsed} mutated offers parsed; the mutations are too destructive to reach the builder");
        Assert.True(refused > Iterations / 10, $"only {refused} mutated offers were refused");
    }

    private static string Mutate(Random random, string seed)
    {
        var lines = seed.Split("\r\n").ToList();
        switch (random.Next(6))
        {
            case 0:
                var chars = seed.ToCharArray();
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    chars[random.Next(chars.Length)] = (char)random.Next(0, 256);
                }

                return new string(chars);
            case 1:
                return seed[..random.Next(seed.Length)];
            case 2:
                for (var copies = random.Next(1, 4); copies > 0; copies--)
                {
                    var line = random.Next(lines.Count);
                    lines.Insert(line, lines[line]);
                }

                return string.Join("\r\n", lines);
            case 3:
                lines.RemoveAt(random.Next(lines.Count));
                return string.Join("\r\n", lines);
            case 4:
                var at = random.Next(lines.Count);
                var fields = lines[at].Split(' ', ':', '/');
                var field = random.Next(fields.Length);
                if (fields.Length > 1 && fields[field].Length > 0)
                {
                    lines[at] = lines[at].Replace(fields[field], RandomToken(random), StringComparison.Ordinal);
                }

                return string.Join("\r\n", lines);
            default:
                var bytes = Encoding.UTF8.GetBytes(seed);
                random.NextBytes(bytes.AsSpan(random.Next(bytes.Length - 16), 16));
                return Encoding.UTF8.GetString(bytes);
        }
    }

    private static string RandomToken(Random random) => random.Next(6) switch
    {
        0 => "",
        1 => "-1",
        2 => "99999999999999999999",
        3 => new string('9', random.Next(1, 12)),
        4 => "a=",
        _ => ((char)random.Next(33, 127)).ToString(),
    };
}
