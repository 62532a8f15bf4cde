using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;

namespace Orchestron.WebRtc.Sdp;

/// <summary>
/// Answers a browser's offer as an ICE-lite, send-only Opus peer: the first usable audio section is accepted with
/// the offer's Opus payload type, a data channel section bundled with it is accepted too (unless
/// <see cref="SdpAnswerOptions.AcceptDataChannels"/> is off), every other section is rejected with port 0.
/// </summary>
/// <remarks>
/// When <see cref="SdpAnswerOptions.RedundancyDistance"/> is above 0 and the offer has red/48000/2 whose a=fmtp
/// names the Opus payload type (as Chromium offers it), the answer lists RED first, then Opus, so that the stream is
/// sent as RFC 2198 redundancy over Opus; otherwise it lists Opus alone.
/// </remarks>
public static class SdpAnswerBuilder
{
    private const string Crlf = "\r\n";

    /// <summary>Builds the answer to <paramref name="offer"/>.</summary>
    /// <exception cref="SdpNegotiationException">The offer has no usable audio, no Opus, no DTLS-SRTP, no rtcp-mux,
    /// or lacks ICE credentials or a fingerprint; the message says which.</exception>
    public static SdpAnswer Build(SdpSessionDescription offer, SdpAnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        var audio = SelectAudio(offer);
        var label = audio.Mid is null ? "the audio section" : $"the audio section (mid {audio.Mid})";
        var opus = audio.FindOpus() ?? throw new SdpNegotiationException(
            $"The offer's {label} has no opus/48000/2 payload type; it offers {Describe(audio.RtpMaps)}.");
        if (!audio.Protocol.StartsWith("UDP/TLS/RTP/SAVP", StringComparison.OrdinalIgnoreCase))
        {
            throw new SdpNegotiationException($"The offer's {label} uses '{audio.Protocol}'; WebRTC audio needs DTLS-SRTP (UDP/TLS/RTP/SAVPF).");
        }

        if (!audio.RtcpMux)
        {
            throw new SdpNegotiationException($"The offer's {label} lacks a=rtcp-mux; RTP and RTCP must share one port.");
        }

        var remoteUfrag = offer.IceUfragFor(audio) ?? throw new SdpNegotiationException($"The offer has no a=ice-ufrag for {label}.");
        var remotePassword = offer.IcePasswordFor(audio) ?? throw new SdpNegotiationException($"The offer has no a=ice-pwd for {label}.");
        CheckIceString(remoteUfrag, IceCredentials.MinUfragLength, "a=ice-ufrag");
        CheckIceString(remotePassword, IceCredentials.MinPasswordLength, "a=ice-pwd");
        var remoteFingerprint = offer.FingerprintFor(audio)
            ?? throw new SdpNegotiationException($"The offer has no a=fingerprint with sha-1, sha-256, sha-384 or sha-512 for {label}.");
        if (remoteFingerprint.Algorithm == "sha-1" && !options.AllowSha1Fingerprints)
        {
            throw new SdpNegotiationException(
                $"The offer's only a=fingerprint for {label} uses sha-1, which is refused; offer sha-256 (or set AllowSha1Fingerprints).");
        }
        var (ourSetup, dtlsRole) = offer.SetupFor(audio) switch
        {
            SdpSetupRole.Passive => ("active", DtlsRole.Client),
            SdpSetupRole.HoldConn => throw new SdpNegotiationException($"The offer's a=setup:holdconn for {label} allows no DTLS connection."),
            _ => ("passive", DtlsRole.Server),
        };

        var offeredParameters = ParseFormatParameters(audio.FormatParameters.GetValueOrDefault(opus.PayloadType));
        var minPtime = offeredParameters.TryGetValue("minptime", out var offeredMinPtime)
            && int.TryParse(offeredMinPtime, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedMinPtime)
            && parsedMinPtime is >= 3 and <= 120 ? parsedMinPtime : 10;

        if (options.RedundancyDistance is < Rtp.RedundancyDistance.Off or > Rtp.RedundancyDistance.Max)
        {
            throw new ArgumentException(
                $"RedundancyDistance is {options.RedundancyDistance}; it must be {Rtp.RedundancyDistance.Off} (off) to {Rtp.RedundancyDistance.Max}.", nameof(options));
        }

        var red = options.RedundancyDistance > Rtp.RedundancyDistance.Off ? audio.FindRed(opus.PayloadType) : null;
        var redundancy = red is null ? new Redundancy(null, 0) : new Redundancy(red.PayloadType, options.RedundancyDistance);
        var data = options.AcceptDataChannels ? SelectDataChannel(offer, audio) : null;
        var text = new StringBuilder(2048);
        WriteSession(text, offer, audio, data);
        foreach (var media in offer.Media)
        {
            if (ReferenceEquals(media, audio))
            {
                WriteAudio(text, audio, opus.PayloadType, redundancy, minPtime, ourSetup, options);
            }
            else if (ReferenceEquals(media, data))
            {
                WriteDataChannel(text, data, ourSetup, options);
            }
            else
            {
                WriteRejected(text, media);
            }
        }

        return new SdpAnswer(
            text.ToString(),
            audio.Mid,
            opus.PayloadType,
            dtlsRole,
            remoteUfrag,
            remotePassword,
            remoteFingerprint,
            audio.Candidates,
            offeredParameters.GetValueOrDefault("useinbandfec") == "1",
            offeredParameters.GetValueOrDefault("stereo") == "1",
            redundancy.PayloadType,
            redundancy.Distance,
            data?.Mid,
            data is null ? null : data.SctpPort ?? 5000,
            data is null ? null : data.MaxMessageSize ?? 65536);
    }

    // The first data channel section that can share the audio's transport: bundled with it, since the listener runs
    // one ICE-lite agent and one DTLS association. Once the answer accepts the bundle the offerer uses the audio's
    // transport for both (RFC 8843), whatever ICE credentials its data section carried.
    private static SdpMediaDescription? SelectDataChannel(SdpSessionDescription offer, SdpMediaDescription audio)
    {
        if (audio.Mid is null || !offer.BundleMids.Contains(audio.Mid))
        {
            return null;
        }

        foreach (var media in offer.Media)
        {
            if (media.IsDataChannel && media.Port != 0 && media.Mid is not null && offer.BundleMids.Contains(media.Mid))
            {
                return media;
            }
        }

        return null;
    }

    private static void WriteDataChannel(StringBuilder text, SdpMediaDescription data, string setup, SdpAnswerOptions options)
    {
        var first = options.Candidates.Count > 0 ? options.Candidates[0] : null;
        var port = first?.Port ?? 9;
        var connection = first is null
            ? "IN IP4 0.0.0.0"
            : $"IN {(first.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4")} {first.Address}";
        var invariant = CultureInfo.InvariantCulture;
        var format = data.IsLegacyDataChannel ? options.SctpPort.ToString(invariant) : "webrtc-datachannel";
        text.Append(invariant, $"m=application {port} {data.Protocol} {format}{Crlf}");
        text.Append(invariant, $"c={connection}{Crlf}");
        text.Append(invariant, $"a=mid:{data.Mid}{Crlf}");
        text.Append(invariant, $"a=ice-ufrag:{options.IceCredentials.Ufrag}{Crlf}");
        text.Append(invariant, $"a=ice-pwd:{options.IceCredentials.Password}{Crlf}");
        text.Append(invariant, $"a=fingerprint:{options.Fingerprint}{Crlf}");
        text.Append(invariant, $"a=setup:{setup}{Crlf}");
        if (data.IsLegacyDataChannel)
        {
            text.Append(invariant, $"a=sctpmap:{options.SctpPort} webrtc-datachannel 65535{Crlf}");
        }
        else
        {
            text.Append(invariant, $"a=sctp-port:{options.SctpPort}{Crlf}");
        }
        text.Append(invariant, $"a=max-message-size:{options.MaxMessageSize}{Crlf}");
    }

    private static SdpMediaDescription SelectAudio(SdpSessionDescription offer)
    {
        SdpMediaDescription? unusable = null;
        foreach (var media in offer.Media)
        {
            if (media.Media != "audio" || media.Port == 0)
            {
                continue;
            }

            if (media.Direction is SdpDirection.RecvOnly or SdpDirection.SendRecv)
            {
                return media;
            }

            unusable ??= media;
        }

        if (unusable is not null)
        {
            var direction = unusable.Direction.ToString().ToLowerInvariant();
            throw new SdpNegotiationException($"The offer's audio section is {direction}: it does not receive audio, so there is nothing to send.");
        }

        throw new SdpNegotiationException("The offer has no audio section (m=audio with a non-zero port); this sender only sends audio.");
    }

    private static void WriteSession(StringBuilder text, SdpSessionDescription offer, SdpMediaDescription audio, SdpMediaDescription? data)
    {
        var sessionId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        text.Append(CultureInfo.InvariantCulture, $"v=0{Crlf}o=- {sessionId} 2 IN IP4 127.0.0.1{Crlf}s=-{Crlf}t=0 0{Crlf}");
        text.Append("a=ice-lite").Append(Crlf);
        if (audio.Mid is not null && offer.BundleMids.Contains(audio.Mid))
        {
            text.Append("a=group:BUNDLE ").Append(audio.Mid);
            if (data is not null)
            {
                text.Append(' ').Append(data.Mid);
            }

            text.Append(Crlf);
        }

        text.Append("a=msid-semantic: WMS").Append(Crlf);
    }

    private static void WriteAudio(
        StringBuilder text, SdpMediaDescription audio, int payloadType, Redundancy redundancy, int minPtime, string setup, SdpAnswerOptions options)
    {
        var first = options.Candidates.Count > 0 ? options.Candidates[0] : null;
        var port = first?.Port ?? 9;
        var connection = first is null
            ? "IN IP4 0.0.0.0"
            : $"IN {(first.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4")} {first.Address}";
        var invariant = CultureInfo.InvariantCulture;
        var formats = redundancy.PayloadType is { } redType ? $"{redType} {payloadType}" : $"{payloadType}";
        text.Append(invariant, $"m=audio {port} {audio.Protocol} {formats}{Crlf}");
        text.Append(invariant, $"c={connection}{Crlf}");
        if (audio.Mid is not null)
        {
            text.Append(invariant, $"a=mid:{audio.Mid}{Crlf}");
        }

        text.Append("a=sendonly").Append(Crlf);
        text.Append("a=rtcp-mux").Append(Crlf);
        text.Append(invariant, $"a=ice-ufrag:{options.IceCredentials.Ufrag}{Crlf}");
        text.Append(invariant, $"a=ice-pwd:{options.IceCredentials.Password}{Crlf}");
        text.Append(invariant, $"a=fingerprint:{options.Fingerprint}{Crlf}");
        text.Append(invariant, $"a=setup:{setup}{Crlf}");
        text.Append(invariant, $"a=rtpmap:{payloadType} opus/48000/2{Crlf}");
        var stereo = options.Stereo ? 1 : 0;
        text.Append(invariant, $"a=fmtp:{payloadType} minptime={minPtime};useinbandfec=1;stereo={stereo};sprop-stereo={stereo}{Crlf}");
        if (options.PacketTimeMs is { } packetTimeMs)
        {
            text.Append(invariant, $"a=ptime:{packetTimeMs:0.###}{Crlf}");
        }

        if (redundancy.PayloadType is { } redPayloadType)
        {
            // The fmtp lists every block's payload type, primary last: distance + 1 times Opus (RFC 2198 section 5).
            var blocks = string.Join('/', Enumerable.Repeat(payloadType.ToString(invariant), redundancy.Distance + 1));
            text.Append(invariant, $"a=rtpmap:{redPayloadType} red/48000/2{Crlf}");
            text.Append(invariant, $"a=fmtp:{redPayloadType} {blocks}{Crlf}");
        }

        text.Append(invariant, $"a=msid:{options.StreamId} {options.TrackId}{Crlf}");
        text.Append(invariant, $"a=ssrc:{options.Ssrc} cname:{options.CanonicalName}{Crlf}");
        text.Append(invariant, $"a=ssrc:{options.Ssrc} msid:{options.StreamId} {options.TrackId}{Crlf}");
        foreach (var candidate in options.Candidates)
        {
            text.Append("a=").Append(candidate.ToSdpAttributeValue()).Append(Crlf);
        }

        text.Append("a=end-of-candidates").Append(Crlf);
    }

    private static void WriteRejected(StringBuilder text, SdpMediaDescription media)
    {
        var format = media.Formats.Count > 0 ? media.Formats[0] : "0";
        text.Append(CultureInfo.InvariantCulture, $"m={media.Media} 0 {media.Protocol} {format}{Crlf}");
        text.Append("c=IN IP4 0.0.0.0").Append(Crlf);
        if (media.Mid is not null)
        {
            text.Append("a=mid:").Append(media.Mid).Append(Crlf);
        }

        if (media.Protocol.Contains("RTP", StringComparison.OrdinalIgnoreCase))
        {
            text.Append("a=inactive").Append(Crlf);
        }
    }

    private static Dictionary<string, string> ParseFormatParameters(string? fmtp)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (fmtp is null)
        {
            return parameters;
        }

        foreach (var pair in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parameters[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }
        }

        return parameters;
    }

    private static void CheckIceString(string value, int minLength, string field)
    {
        if (value.Length < minLength || value.Length > IceCredentials.MaxLength || !value.All(IceCredentials.IsIceChar))
        {
            throw new SdpNegotiationException(
                $"The offer's {field} must be {minLength} to {IceCredentials.MaxLength} ICE characters (letters, digits, '+', '/'); got {value.Length} characters.");
        }
    }

    private static string Describe(IReadOnlyList<SdpRtpMap> maps) =>
        maps.Count == 0 ? "no rtpmap at all" : string.Join(", ", maps.Select(m => m.ToString()));

    /// <summary>The RED payload type the answer picked (null for plain Opus) and the distance it carries.</summary>
    private readonly record struct Redundancy(int? PayloadType, int Distance);
}
