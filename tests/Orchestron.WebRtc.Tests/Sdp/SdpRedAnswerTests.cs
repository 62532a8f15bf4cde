using System.Net;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Sdp;

namespace Orchestron.WebRtc.Tests.Sdp;

/// <summary>The answer picks RTP redundancy (RFC 2198) over Opus exactly when the offer has it and the sender wants it.</summary>
public sealed class SdpRedAnswerTests
{
    private static readonly DtlsFingerprint OurFingerprint = DtlsFingerprint.Parse(
        "sha-256 01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF");

    [Theory]
    [InlineData(1, "111/111")]
    [InlineData(2, "111/111/111")]
    public void Chromiums_offer_gets_red_first_then_opus_with_one_block_per_distance_step(int distance, string blocks)
    {
        var answer = Build(TestOffers.Load(TestOffers.Chromium), distance);
        var lines = answer.Sdp.Split("\r\n");

        Assert.Equal(63, answer.RedPayloadType);
        Assert.Equal(distance, answer.RedundancyDistance);
        Assert.Equal(111, answer.OpusPayloadType);
        Assert.Contains("m=audio 50000 UDP/TLS/RTP/SAVPF 63 111", lines);
        Assert.Contains("a=rtpmap:63 red/48000/2", lines);
        Assert.Contains($"a=fmtp:63 {blocks}", lines);
        Assert.Contains("a=rtpmap:111 opus/48000/2", lines);

        // Our own parser reads it back as RED over the same Opus, so a peer that checks the pairing finds it.
        var parsed = SdpSessionDescription.Parse(answer.Sdp).Media.Single();
        Assert.Equal(["63", "111"], parsed.Formats);
        Assert.Equal(63, parsed.FindRed(111)?.PayloadType);
    }

    [Theory]
    [InlineData(TestOffers.Aiortc)]
    [InlineData(TestOffers.Firefox)]
    public void An_offer_without_red_gets_plain_opus(string file)
    {
        var answer = Build(TestOffers.Load(file), distance: 2);

        Assert.Null(answer.RedPayloadType);
        Assert.Equal(0, answer.RedundancyDistance);
        Assert.DoesNotContain("red/", answer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void Distance_zero_answers_plain_opus_even_to_an_offer_with_red()
    {
        var answer = Build(TestOffers.Load(TestOffers.Chromium), distance: 0);

        Assert.Null(answer.RedPayloadType);
        Assert.Contains("m=audio 50000 UDP/TLS/RTP/SAVPF 111\r\n", answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("red/", answer.Sdp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=fmtp:63 111/111", "a=fmtp:63 0/111")] // a block that is not Opus
    [InlineData("a=fmtp:63 111/111", "a=fmtp:63 111")] // no redundant block at all
    [InlineData("a=fmtp:63 111/111\r\n", "")] // no fmtp: the blocks' codec is unknown
    [InlineData("a=rtpmap:63 red/48000/2", "a=rtpmap:63 red/8000")] // not Opus's clock
    [InlineData(" 111 63 9", " 111 9")] // red has a map but is not offered on the m= line
    public void Red_that_does_not_name_the_offers_opus_is_not_picked(string original, string replacement)
    {
        var offer = TestOffers.Load(TestOffers.Chromium).Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal);
        Assert.Contains(original, offer, StringComparison.Ordinal);

        var answer = Build(offer.Replace(original, replacement, StringComparison.Ordinal), distance: 1);

        Assert.Null(answer.RedPayloadType);
        Assert.Equal(111, answer.OpusPayloadType);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_distance_out_of_range_is_refused_with_its_name(int distance)
    {
        var error = Assert.Throws<ArgumentException>(() => Build(TestOffers.Load(TestOffers.Chromium), distance));

        Assert.Contains("RedundancyDistance", error.Message, StringComparison.Ordinal);
    }

    private static SdpAnswer Build(string offer, int distance)
    {
        var candidates = HostCandidateEnumerator.FromAddresses(50000, [IPAddress.Parse("192.0.2.10")]);
        return SdpAnswerBuilder.Build(
            SdpSessionDescription.Parse(offer),
            new SdpAnswerOptions(IceCredentials.Generate(), OurFingerprint, candidates) { RedundancyDistance = distance });
    }
}
