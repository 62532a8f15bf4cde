using System.Globalization;
using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Sdp;

/// <summary>Line-by-line reader behind <see cref="SdpSessionDescription.Parse"/>.</summary>
internal static class SdpParser
{
    internal static SdpSessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        if (sdp.Length > SdpLimits.MaxLength)
        {
            throw new SdpParseException($"The SDP is {sdp.Length} characters long; at most {SdpLimits.MaxLength} are accepted.");
        }

        if (string.IsNullOrWhiteSpace(sdp))
        {
            throw new SdpParseException("The SDP is empty.");
        }

        var session = new SdpSessionDescription();
        SdpMediaDescription? media = null;
        var lineNumber = 0;
        var sawVersion = false;
        foreach (var rawLine in sdp.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (lineNumber > SdpLimits.MaxLines)
            {
                throw new SdpParseException($"The SDP has more than {SdpLimits.MaxLines} lines.");
            }

            var line = rawLine.TrimEnd();
            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Length > SdpLimits.MaxLineLength)
            {
                throw new SdpParseException(lineNumber, line.Length >= 2 ? line[..2].ToString() : "line", $"the line is {line.Length} characters long; at most {SdpLimits.MaxLineLength} are accepted.");
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                throw new SdpParseException(lineNumber, "line", $"'{Excerpt(line)}' is not of the form <letter>=<value>.");
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || !value.SequenceEqual("0"))
                {
                    throw new SdpParseException(lineNumber, "v=", $"an SDP starts with 'v=0', not '{Excerpt(line)}'.");
                }

                sawVersion = true;
                continue;
            }

            switch (type)
            {
                case 'm':
                    if (session.MediaList.Count >= SdpLimits.MaxMediaSections)
                    {
                        throw new SdpParseException(lineNumber, "m=", $"more than {SdpLimits.MaxMediaSections} media sections.");
                    }

                    media = ParseMediaLine(value, lineNumber);
                    session.MediaList.Add(media);
                    break;
                case 'a':
                    ParseAttribute(session, media, value, lineNumber);
                    break;
                default:
                    // o=, s=, c=, t=, b= and the rest carry nothing an ICE-lite, BUNDLE-only answerer needs.
                    break;
            }
        }

        if (!sawVersion)
        {
            throw new SdpParseException("The SDP has no 'v=0' line.");
        }

        return session;
    }

    private static SdpMediaDescription ParseMediaLine(ReadOnlySpan<char> value, int lineNumber)
    {
        const string field = "m=";
        var fields = Split(value, ' ');
        if (fields.Count < 4)
        {
            throw new SdpParseException(lineNumber, field, $"expected '<media> <port> <proto> <fmt> ...', got '{Excerpt(value)}'.");
        }

        var portText = fields[1].AsSpan();
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            portText = portText[..slash];
        }

        var port = ParseInt(portText, 0, 65535, lineNumber, field, "port");
        return new SdpMediaDescription(fields[0], port, fields[2], fields.GetRange(3, fields.Count - 3));
    }

    private static void ParseAttribute(SdpSessionDescription session, SdpMediaDescription? media, ReadOnlySpan<char> attribute, int lineNumber)
    {
        var colon = attribute.IndexOf(':');
        var name = colon < 0 ? attribute : attribute[..colon];
        var value = colon < 0 ? [] : attribute[(colon + 1)..];
        var field = "a=" + Excerpt(name);
        switch (name)
        {
            case "group":
                if ((value.SequenceEqual("BUNDLE") || value.StartsWith("BUNDLE ")) && session.BundleMids.Count == 0)
                {
                    session.BundleMids = Split(value["BUNDLE".Length..], ' ');
                }

                break;
            case "ice-ufrag":
                RequireValue(value, lineNumber, field);
                if (media is null)
                {
                    session.IceUfrag = value.ToString();
                }
                else
                {
                    media.IceUfrag = value.ToString();
                }

                break;
            case "ice-pwd":
                RequireValue(value, lineNumber, field);
                if (media is null)
                {
                    session.IcePassword = value.ToString();
                }
                else
                {
                    media.IcePassword = value.ToString();
                }

                break;
            case "ice-lite":
                session.IceLite = true;
                break;
            case "fingerprint":
                var fingerprint = ParseFingerprint(value, lineNumber, field);
                if (fingerprint is not null)
                {
                    (media?.FingerprintList ?? session.FingerprintList).Add(fingerprint);
                }

                break;
            case "setup":
                var setup = ParseSetup(value, lineNumber, field);
                if (media is null)
                {
                    session.Setup = setup;
                }
                else
                {
                    media.Setup = setup;
                }

                break;
            default:
                if (media is not null)
                {
                    ParseMediaAttribute(media, name, value, lineNumber, field);
                }

                break;
        }
    }

    private static void ParseMediaAttribute(SdpMediaDescription media, ReadOnlySpan<char> name, ReadOnlySpan<char> value, int lineNumber, string field)
    {
        switch (name)
        {
            case "mid":
                RequireValue(value, lineNumber, field);
                media.Mid = value.ToString();
                break;
            case "sendrecv":
                media.Direction = SdpDirection.SendRecv;
                break;
            case "sendonly":
                media.Direction = SdpDirection.SendOnly;
                break;
            case "recvonly":
                media.Direction = SdpDirection.RecvOnly;
                break;
            case "inactive":
                media.Direction = SdpDirection.Inactive;
                break;
            case "rtcp-mux":
                media.RtcpMux = true;
                break;
            case "end-of-candidates":
                media.EndOfCandidates = true;
                break;
            case "sctp-port":
                media.SctpPort = ParseInt(value.Trim(), 1, 65535, lineNumber, field, "SCTP port");
                break;
            case "sctpmap":
                // The pre-RFC 8841 form some stacks still offer: "a=sctpmap:5000 webrtc-datachannel 65535".
                var parts = value.Trim().ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[1] == "webrtc-datachannel")
                {
                    media.SctpPort ??= ParseInt(parts[0], 1, 65535, lineNumber, field, "SCTP port");
                    media.HasWebRtcSctpMap = true;
                }

                break;
            case "max-message-size":
                // 0 means "no limit" (RFC 8841 section 6); larger values than int holds are as good as none.
                media.MaxMessageSize = long.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                    ? size
                    : throw new SdpParseException(lineNumber, field, $"expected a number of bytes, got '{Excerpt(value)}'.");
                break;
            case "rtpmap":
                if (media.RtpMapList.Count >= SdpLimits.MaxRtpMapsPerMedia)
                {
                    throw new SdpParseException(lineNumber, field, $"more than {SdpLimits.MaxRtpMapsPerMedia} rtpmap lines in one media section.");
                }

                media.RtpMapList.Add(ParseRtpMap(value, lineNumber, field));
                break;
            case "fmtp":
                var space = value.IndexOf(' ');
                if (space <= 0)
                {
                    throw new SdpParseException(lineNumber, field, $"expected '<payload type> <parameters>', got '{Excerpt(value)}'.");
                }

                var payloadType = ParseInt(value[..space], 0, 127, lineNumber, field, "payload type");
                media.FormatParameterMap[payloadType] = value[(space + 1)..].Trim().ToString();
                break;
            case "candidate":
                if (media.CandidateList.Count >= SdpLimits.MaxCandidatesPerMedia)
                {
                    throw new SdpParseException(lineNumber, field, $"more than {SdpLimits.MaxCandidatesPerMedia} candidates in one media section.");
                }

                media.CandidateList.Add(ParseCandidate(value, lineNumber, field));
                break;
            default:
                // extmap, rtcp-fb, ssrc, msid and the rest do not shape a send-only Opus answer.
                break;
        }
    }

    private static SdpRtpMap ParseRtpMap(ReadOnlySpan<char> value, int lineNumber, string field)
    {
        var space = value.IndexOf(' ');
        if (space <= 0)
        {
            throw new SdpParseException(lineNumber, field, $"expected '<payload type> <encoding>/<clock rate>[/<channels>]', got '{Excerpt(value)}'.");
        }

        var payloadType = ParseInt(value[..space], 0, 127, lineNumber, field, "payload type");
        var encoding = Split(value[(space + 1)..], '/');
        if (encoding.Count is < 2 or > 3 || encoding[0].Length == 0)
        {
            throw new SdpParseException(lineNumber, field, $"expected '<encoding>/<clock rate>[/<channels>]', got '{Excerpt(value[(space + 1)..])}'.");
        }

        var clockRate = ParseInt(encoding[1], 1, 10_000_000, lineNumber, field, "clock rate");
        var channels = encoding.Count == 3 ? ParseInt(encoding[2], 1, 255, lineNumber, field, "channels") : 1;
        return new SdpRtpMap(payloadType, encoding[0], clockRate, channels);
    }

    private static SdpCandidate ParseCandidate(ReadOnlySpan<char> value, int lineNumber, string field)
    {
        var fields = Split(value, ' ');
        if (fields.Count < 8 || fields[6] != "typ")
        {
            throw new SdpParseException(lineNumber, field, $"expected '<foundation> <component> <transport> <priority> <address> <port> typ <type> ...', got '{Excerpt(value)}'.");
        }

        var component = ParseInt(fields[1], 1, 256, lineNumber, field, "component");
        if (!uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority))
        {
            throw new SdpParseException(lineNumber, field, $"priority '{Excerpt(fields[3])}' is not an unsigned 32-bit number.");
        }

        var port = ParseInt(fields[5], 0, 65535, lineNumber, field, "port");
        return new SdpCandidate(fields[0], component, fields[2].ToLowerInvariant(), priority, fields[4], port, fields[7]);
    }

    private static DtlsFingerprint? ParseFingerprint(ReadOnlySpan<char> value, int lineNumber, string field)
    {
        var text = value.ToString();
        if (DtlsFingerprint.TryParse(text, out var fingerprint, out var error))
        {
            return fingerprint;
        }

        // Another hash function is not an error: the peer may list several, and a usable one may follow.
        if (error.StartsWith("Unsupported fingerprint hash function", StringComparison.Ordinal))
        {
            return null;
        }

        throw new SdpParseException(lineNumber, field, error);
    }

    private static SdpSetupRole ParseSetup(ReadOnlySpan<char> value, int lineNumber, string field) => value switch
    {
        "actpass" => SdpSetupRole.ActPass,
        "active" => SdpSetupRole.Active,
        "passive" => SdpSetupRole.Passive,
        "holdconn" => SdpSetupRole.HoldConn,
        _ => throw new SdpParseException(lineNumber, field, $"'{Excerpt(value)}' is not one of actpass, active, passive, holdconn."),
    };

    private static void RequireValue(ReadOnlySpan<char> value, int lineNumber, string field)
    {
        if (value.IsWhiteSpace())
        {
            throw new SdpParseException(lineNumber, field, "the value is empty.");
        }
    }

    private static int ParseInt(ReadOnlySpan<char> text, int min, int max, int lineNumber, string field, string what)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new SdpParseException(lineNumber, field, $"{what} '{Excerpt(text)}' is not a number from {min} to {max}.");
        }

        return number;
    }

    private static List<string> Split(ReadOnlySpan<char> text, char separator)
    {
        var parts = new List<string>();
        foreach (var range in text.Split(separator))
        {
            var part = text[range];
            if (!part.IsEmpty)
            {
                parts.Add(part.ToString());
            }
        }

        return parts;
    }

    private static string Excerpt(ReadOnlySpan<char> text) => text.Length <= 60 ? text.ToString() : string.Concat(text[..60], "...");
}
