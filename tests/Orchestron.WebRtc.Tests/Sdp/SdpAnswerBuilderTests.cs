using System.Net;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Sdp;

namespace Orchestron.WebRtc.Tests.Sdp;

public sealed class SdpAnswerBuilderTests
{
    private static readonly DtlsFingerprint OurFingerprint = DtlsFingerprint.Parse(
        "sha-256 01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF");

    private readonly IceCredentials _credentials = IceCredentials.Generate();

    [Theory]
    [InlineData(TestOffers.Chromium, 111, "0")]
    [InlineData(TestOffers.ChromiumWithVideoAndData, 111, "0")]
    [InlineData(TestOffers.Aiortc, 96, "0")]
    [InlineData(TestOffers.Firefox, 109, "0")]
    public void Answer_is_ice_lite_sendonly_opus_with_the_offers_payload_type_and_mid(string file, int payloadType, string mid)
    {
        var options = Options();
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(file)), options);
        var lines = answer.Sdp.Split("\r\n");

        Assert.EndsWith("\r\n", answer.Sdp, StringComparison.Ordinal);
        Assert.Equal(payloadType, answer.OpusPayloadType);
        Assert.Equal(DtlsRole.Server, answer.DtlsRole);
        Assert.Contains("a=ice-lite", lines.TakeWhile(l => !l.StartsWith("m=", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line == $"a=group:BUNDLE {mid}" || line.StartsWith($"a=group:BUNDLE {mid} ", StringComparison.Ordinal));
        Assert.Contains($"m=audio 50000 UDP/TLS/RTP/SAVPF {payloadType}", lines);
        Assert.Contains("c=IN IP4 192.0.2.10", lines);
        Assert.Contains($"a=mid:{mid}", lines);
        Assert.Contains("a=sendonly", lines);
        Assert.Contains("a=rtcp-mux", lines);
        Assert.Contains($"a=ice-ufrag:{_credentials.Ufrag}", lines);
        Assert.Contains($"a=ice-pwd:{_credentials.Password}", lines);
        Assert.Contains($"a=fingerprint:{OurFingerprint}", lines);
        Assert.Contains("a=setup:passive", lines);
        Assert.Contains($"a=rtpmap:{payloadType} opus/48000/2", lines);
        Assert.Contains($"a=fmtp:{payloadType} minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1", lines);
        Assert.Contains($"a=msid:{options.StreamId} {options.TrackId}", lines);
        Assert.Contains($"a=ssrc:{options.Ssrc} cname:{options.CanonicalName}", lines);
        Assert.Contains("a=candidate:1 1 udp 2130706431 192.0.2.10 50000 typ host", lines);
        Assert.Contains("a=candidate:2 1 udp 2130706175 2001:db8::10 50000 typ host", lines);
        Assert.Contains("a=end-of-candidates", lines);
    }

    [Fact]
    public void Answer_parses_back_with_our_own_parser()
    {
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Chromium)), Options());

        var parsed = SdpSessionDescription.Parse(answer.Sdp);

        Assert.True(parsed.IceLite);
        var audio = Assert.Single(parsed.Media);
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.Equal(SdpSetupRole.Passive, parsed.SetupFor(audio));
        Assert.Equal(OurFingerprint, parsed.FingerprintFor(audio));
        Assert.Equal(_credentials.Ufrag, parsed.IceUfragFor(audio));
        Assert.Equal(2, audio.Candidates.Count);
        Assert.True(audio.EndOfCandidates);
    }

    [Fact]
    public void A_bundled_data_channel_section_is_accepted_beside_the_audio_and_video_is_rejected()
    {
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.ChromiumWithVideoAndData)), Options());

        var parsed = SdpSessionDescription.Parse(answer.Sdp);

        Assert.Equal(["audio", "video", "application"], parsed.Media.Select(m => m.Media));
        Assert.Equal([50000, 0, 50000], parsed.Media.Select(m => m.Port));
        Assert.Equal(["0", "1", "2"], parsed.Media.Select(m => m.Mid));
        Assert.Equal(["0", "2"], parsed.BundleMids);
        var data = parsed.Media[2];
        Assert.True(data.IsDataChannel);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(65536, data.MaxMessageSize);
        Assert.Equal(_credentials.Ufrag, parsed.IceUfragFor(data));
        Assert.Equal(OurFingerprint, parsed.FingerprintFor(data));
        Assert.Equal(SdpSetupRole.Passive, parsed.SetupFor(data));
        Assert.True(answer.HasDataChannels);
        Assert.Equal("2", answer.DataChannelMid);
        Assert.Equal(5000, answer.RemoteSctpPort);
        Assert.Equal(262144, answer.RemoteMaxMessageSize);
    }

    [Fact]
    public void An_older_sctpmap_data_section_is_answered_in_the_same_form()
    {
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.AiortcWithData)), Options());
        var lines = answer.Sdp.Split("\r\n");

        Assert.Contains("a=group:BUNDLE 0 1", lines);
        Assert.Contains("m=application 50000 DTLS/SCTP 5000", lines);
        Assert.Contains("a=sctpmap:5000 webrtc-datachannel 65535", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("a=sctp-port", StringComparison.Ordinal));
        Assert.True(SdpSessionDescription.Parse(answer.Sdp).Media[1].IsDataChannel);
        Assert.Equal(5000, answer.RemoteSctpPort);
    }

    [Fact]
    public void A_data_section_outside_the_audios_bundle_is_rejected_with_port_zero()
    {
        var offer = TestOffers.Load(TestOffers.ChromiumWithVideoAndData).Replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1", StringComparison.Ordinal);
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(offer), Options());

        Assert.False(answer.HasDataChannels);
        Assert.Equal(0, SdpSessionDescription.Parse(answer.Sdp).Media[2].Port);
    }

    [Fact]
    public void Video_and_data_sections_are_rejected_with_port_zero_and_left_out_of_bundle_when_data_channels_are_off()
    {
        var options = Options();
        options.AcceptDataChannels = false;
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.ChromiumWithVideoAndData)), options);
        Assert.False(answer.HasDataChannels);

        var parsed = SdpSessionDescription.Parse(answer.Sdp);

        Assert.Equal(["audio", "video", "application"], parsed.Media.Select(m => m.Media));
        Assert.Equal([50000, 0, 0], parsed.Media.Select(m => m.Port));
        Assert.Equal(["0", "1", "2"], parsed.Media.Select(m => m.Mid));
        Assert.Equal("UDP/DTLS/SCTP", parsed.Media[2].Protocol);
        Assert.Equal(["0"], parsed.BundleMids);
    }

    [Fact]
    public void Answer_exposes_what_the_transport_needs_from_the_offer()
    {
        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Firefox)), Options());

        Assert.Equal("b7e3c1a9", answer.RemoteIceUfrag);
        Assert.Equal("6a8d1f3c92b4e07a5d6c8e1f2a3b4c5d", answer.RemoteIcePassword);
        Assert.StartsWith("sha-256 4A:0E:3C", answer.RemoteFingerprint.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, answer.RemoteCandidates.Count);
        Assert.True(answer.RemoteWantsInbandFec);
        Assert.True(answer.RemoteWantsStereo);
    }

    [Fact]
    public void An_offer_with_only_a_sha1_fingerprint_is_refused_unless_sha1_is_allowed()
    {
        var sdp = Sha1OnlyOffer();

        var error = Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(SdpSessionDescription.Parse(sdp), Options()));
        Assert.Contains("sha-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowSha1Fingerprints", error.Message, StringComparison.Ordinal);

        var options = Options();
        options.AllowSha1Fingerprints = true;
        Assert.Equal("sha-1", SdpAnswerBuilder.Build(SdpSessionDescription.Parse(sdp), options).RemoteFingerprint.Algorithm);
    }

    [Fact]
    public void A_stronger_fingerprint_is_chosen_over_sha1_whatever_the_order()
    {
        var sha1 = "a=fingerprint:sha-1 " + string.Join(':', Enumerable.Repeat("0A", 20));
        var sha512 = "a=fingerprint:sha-512 " + string.Join(':', Enumerable.Repeat("AB", 64));
        var sdp = Sha1OnlyOffer().Replace(sha1, sha1 + "\r\n" + sha512, StringComparison.Ordinal);

        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(sdp), Options());

        Assert.Equal("sha-512", answer.RemoteFingerprint.Algorithm);
    }

    [Fact]
    public void Passive_offer_makes_us_the_active_dtls_client()
    {
        var sdp = TestOffers.Load(TestOffers.Chromium).Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(sdp), Options());

        Assert.Equal(DtlsRole.Client, answer.DtlsRole);
        Assert.Contains("\r\na=setup:active\r\n", answer.Sdp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.5, "a=ptime:2.5\r\n")]
    [InlineData(5.0, "a=ptime:5\r\n")]
    public void The_packet_time_is_written_as_ptime_fractions_included(double packetTimeMs, string line)
    {
        var options = Options();
        options.PacketTimeMs = packetTimeMs;

        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Chromium)), options);

        Assert.Contains(line, answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ptime", SdpAnswerBuilder.Build(SdpSessionDescription.Parse(TestOffers.Load(TestOffers.Chromium)), Options()).Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_minptime_is_respected_and_mono_option_clears_sprop_stereo()
    {
        var sdp = TestOffers.Load(TestOffers.Chromium).Replace("a=fmtp:111 minptime=10;", "a=fmtp:111 minptime=20;", StringComparison.Ordinal);
        var options = Options();
        options.Stereo = false;

        var answer = SdpAnswerBuilder.Build(SdpSessionDescription.Parse(sdp), options);

        Assert.Contains("a=fmtp:111 minptime=20;useinbandfec=1;stereo=0;sprop-stereo=0\r\n", answer.Sdp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 speex/16000", "no opus/48000/2 payload type; it offers speex/16000, red/48000/2")]
    [InlineData("m=audio 9", "m=video 9", "no audio section")]
    [InlineData("a=recvonly", "a=sendonly", "is sendonly")]
    [InlineData("a=recvonly", "a=inactive", "is inactive")]
    [InlineData("UDP/TLS/RTP/SAVPF", "RTP/AVP", "needs DTLS-SRTP")]
    [InlineData("a=rtcp-mux\r\n", "", "lacks a=rtcp-mux")]
    [InlineData("a=ice-ufrag:G3k9\r\n", "", "no a=ice-ufrag")]
    [InlineData("a=ice-ufrag:G3k9", "a=ice-ufrag:G3", "a=ice-ufrag must be 4 to 256")]
    [InlineData("a=setup:actpass", "a=setup:holdconn", "holdconn")]
    [InlineData("a=fingerprint:sha-256", "a=fingerprint:md5", "no a=fingerprint")]
    public void Unusable_offers_get_an_error_saying_what_is_missing(string find, string replace, string expected)
    {
        var sdp = TestOffers.Load(TestOffers.Chromium).Replace(find, replace, StringComparison.Ordinal);
        var offer = SdpSessionDescription.Parse(sdp);

        var exception = Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(offer, Options()));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    private static string Sha1OnlyOffer()
    {
        var sdp = TestOffers.Load(TestOffers.Chromium);
        var start = sdp.IndexOf("a=fingerprint:sha-256 ", StringComparison.Ordinal);
        var end = sdp.IndexOf('\n', start);
        var sha1 = "a=fingerprint:sha-1 " + string.Join(':', Enumerable.Repeat("0A", 20));
        return sdp[..start] + sha1 + "\r" + sdp[end..];
    }

    private SdpAnswerOptions Options()
    {
        var candidates = HostCandidateEnumerator.FromAddresses(50000, [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::10")]);
        return new SdpAnswerOptions(_credentials, OurFingerprint, candidates);
    }
}
