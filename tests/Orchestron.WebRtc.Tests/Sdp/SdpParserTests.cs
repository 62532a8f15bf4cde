using Orchestron.WebRtc.Sdp;

namespace Orchestron.WebRtc.Tests.Sdp;

public sealed class SdpParserTests
{
    [Fact]
    public void Chromium_offer_yields_audio_opus_ice_dtls_and_bundle()
    {
        var offer = SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Chromium));

        var audio = Assert.Single(offer.Media);
        Assert.Equal("audio", audio.Media);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.Equal(["0"], offer.BundleMids);
        Assert.Equal(111, audio.FindOpus()!.PayloadType);
        Assert.Equal("minptime=10;useinbandfec=1", audio.FormatParameters[111]);
        Assert.Equal(8, audio.RtpMaps.Count);
        Assert.Equal("G3k9", offer.IceUfragFor(audio));
        Assert.Equal("93YIQi1kKfFPHfjYjBJKBEKR", offer.IcePasswordFor(audio));
        Assert.Equal(SdpSetupRole.ActPass, offer.SetupFor(audio));
        Assert.Equal(
            "sha-256 3B:AA:70:D1:0D:6B:36:D1:95:BE:17:A3:71:5C:E0:22:F6:3C:8F:49:83:40:92:E8:5D:C5:93:69:19:ED:BD:85",
            offer.FingerprintFor(audio)!.ToString());
        Assert.Equal(2, audio.Candidates.Count);
        Assert.All(audio.Candidates, c => Assert.EndsWith(".local", c.Address, StringComparison.Ordinal));
        Assert.Equal(49689, audio.Candidates[0].Port);
        Assert.Equal("host", audio.Candidates[0].Type);
    }

    [Fact]
    public void Chromium_offer_with_video_and_data_lists_three_sections()
    {
        var offer = SdpSessionDescription.Parse(TestOffers.Load(TestOffers.ChromiumWithVideoAndData));

        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1", "2"], offer.BundleMids);
        Assert.Equal("UDP/DTLS/SCTP", offer.Media[2].Protocol);
        Assert.Null(offer.Media[1].FindOpus());
    }

    [Fact]
    public void Aiortc_offer_has_real_address_candidates_and_no_opus_fmtp()
    {
        var offer = SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Aiortc));

        var audio = Assert.Single(offer.Media);
        Assert.Equal(96, audio.FindOpus()!.PayloadType);
        Assert.False(audio.FormatParameters.ContainsKey(96));
        Assert.Equal("ppKa", offer.IceUfragFor(audio));
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(["192.0.2.2", "fd00::2"], audio.Candidates.Select(c => c.Address));
        Assert.Equal(2130706431u, audio.Candidates[0].Priority);
    }

    [Fact]
    public void Firefox_offer_takes_its_fingerprint_from_session_level()
    {
        var offer = SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Firefox));

        var audio = Assert.Single(offer.Media);
        Assert.Empty(audio.Fingerprints);
        Assert.Single(offer.Fingerprints);
        Assert.Equal(offer.Fingerprints[0], offer.FingerprintFor(audio));
        Assert.Equal(109, audio.FindOpus()!.PayloadType);
        Assert.Equal(["udp", "tcp"], audio.Candidates.Select(c => c.Transport));
        Assert.Equal("b7e3c1a9", offer.IceUfragFor(audio));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("x=0\r\n", "SDP line 1 (v=)")]
    [InlineData("v=0\r\nm=audio nine UDP/TLS/RTP/SAVPF 111\r\n", "SDP line 2 (m=): port 'nine'")]
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF\r\n", "SDP line 2 (m=)")]
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:300 opus/48000/2\r\n", "SDP line 3 (a=rtpmap): payload type '300'")]
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus\r\n", "SDP line 3 (a=rtpmap)")]
    [InlineData("v=0\r\na=setup:sometimes\r\n", "SDP line 2 (a=setup): 'sometimes'")]
    [InlineData("v=0\r\na=fingerprint:sha-256 AB:CD\r\n", "SDP line 2 (a=fingerprint): A sha-256 fingerprint has 32 hex pairs")]
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp x 10.0.0.1 5000 typ host\r\n", "SDP line 3 (a=candidate): priority 'x'")]
    [InlineData("v=0\r\nhello\r\n", "SDP line 2 (line)")]
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:\r\n", "SDP line 3 (a=mid): the value is empty")]
    public void Malformed_offers_are_refused_naming_line_and_field(string sdp, string expected)
    {
        var exception = Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(sdp));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_over_64_KiB_is_refused_before_parsing()
    {
        var huge = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-filler:0123456789012345678901234567890123456789\r\n", 1400));

        var exception = Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(huge));
        Assert.Contains("at most 65536", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_lines_and_too_long_lines_are_refused()
    {
        var manyLines = "v=0\n" + string.Concat(Enumerable.Repeat("a=x\n", 5000));
        var longLine = "v=0\r\na=x-" + new string('y', 5000) + "\r\n";

        Assert.Contains("more than 4096 lines", Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(manyLines)).Message, StringComparison.Ordinal);
        Assert.Contains("SDP line 2", Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(longLine)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_fingerprint_hash_is_skipped_in_favour_of_a_supported_one()
    {
        var offer = SdpSessionDescription.Parse(
            "v=0\r\na=fingerprint:md5 AB:CD\r\na=fingerprint:sha-1 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13\r\n");

        Assert.Equal("sha-1", Assert.Single(offer.Fingerprints).Algorithm);
    }
}
