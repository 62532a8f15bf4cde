using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Sdp;

/// <summary>One media section (m= line and its attributes) of a parsed offer.</summary>
public sealed class SdpMediaDescription
{
    internal SdpMediaDescription(string media, int port, string protocol, IReadOnlyList<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = formats;
    }

    /// <summary>"audio", "video", "application", ...</summary>
    public string Media { get; }

    /// <summary>The m= port; 0 marks a rejected or disabled section.</summary>
    public int Port { get; }

    /// <summary>The transport protocol, e.g. "UDP/TLS/RTP/SAVPF".</summary>
    public string Protocol { get; }

    /// <summary>The m= line's formats (payload types for RTP).</summary>
    public IReadOnlyList<string> Formats { get; }

    /// <summary>a=mid, or null.</summary>
    public string? Mid { get; internal set; }

    /// <summary>The direction; sendrecv when absent.</summary>
    public SdpDirection Direction { get; internal set; }

    /// <summary>Whether a=rtcp-mux is present.</summary>
    public bool RtcpMux { get; internal set; }

    /// <summary>a=ice-ufrag of this section, or null (then the session's applies).</summary>
    public string? IceUfrag { get; internal set; }

    /// <summary>a=ice-pwd of this section, or null (then the session's applies).</summary>
    public string? IcePassword { get; internal set; }

    /// <summary>a=fingerprint lines of this section with a supported hash function.</summary>
    public IReadOnlyList<DtlsFingerprint> Fingerprints => FingerprintList;

    /// <summary>a=setup of this section, or null.</summary>
    public SdpSetupRole? Setup { get; internal set; }

    /// <summary>a=rtpmap lines.</summary>
    public IReadOnlyList<SdpRtpMap> RtpMaps => RtpMapList;

    /// <summary>a=fmtp parameters by payload type.</summary>
    public IReadOnlyDictionary<int, string> FormatParameters => FormatParameterMap;

    /// <summary>a=candidate lines.</summary>
    public IReadOnlyList<SdpCandidate> Candidates => CandidateList;

    /// <summary>a=sctp-port of a data channel section (RFC 8841), or null.</summary>
    public int? SctpPort { get; internal set; }

    /// <summary>a=max-message-size of a data channel section (RFC 8841; 0 for no limit), or null.</summary>
    public long? MaxMessageSize { get; internal set; }

    /// <summary>
    /// Whether this is a WebRTC data channel section: <c>m=application ... UDP/DTLS/SCTP webrtc-datachannel</c>, or
    /// the older <c>m=application ... DTLS/SCTP 5000</c> with <c>a=sctpmap:5000 webrtc-datachannel</c>.
    /// </summary>
    public bool IsDataChannel =>
        Media == "application"
        && Protocol.EndsWith("DTLS/SCTP", StringComparison.OrdinalIgnoreCase)
        && (Formats.Contains("webrtc-datachannel") || IsLegacyDataChannel);

    /// <summary>Whether the section uses the older a=sctpmap form, which the answer must mirror.</summary>
    public bool IsLegacyDataChannel => HasWebRtcSctpMap && !Formats.Contains("webrtc-datachannel");

    internal bool HasWebRtcSctpMap { get; set; }

    /// <summary>Whether a=end-of-candidates is present.</summary>
    public bool EndOfCandidates { get; internal set; }

    internal List<DtlsFingerprint> FingerprintList { get; } = [];

    internal List<SdpRtpMap> RtpMapList { get; } = [];

    internal Dictionary<int, string> FormatParameterMap { get; } = [];

    internal List<SdpCandidate> CandidateList { get; } = [];

    /// <summary>
    /// The first red/48000/2 payload (RFC 2198 redundancy) listed on the m= line whose a=fmtp names only
    /// <paramref name="blockPayloadType"/> as its blocks (as in "111/111"), or null.
    /// </summary>
    /// <param name="blockPayloadType">The payload type the redundant and primary blocks must have (Opus's).</param>
    public SdpRtpMap? FindRed(int blockPayloadType)
    {
        foreach (var format in Formats)
        {
            foreach (var map in RtpMapList)
            {
                if (map.IsRed
                    && string.Equals(map.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture), format, StringComparison.Ordinal)
                    && FormatParameterMap.TryGetValue(map.PayloadType, out var blocks)
                    && NamesOnly(blocks, blockPayloadType))
                {
                    return map;
                }
            }
        }

        return null;
    }

    /// <summary>The first opus/48000/2 payload listed on the m= line, or null.</summary>
    public SdpRtpMap? FindOpus()
    {
        foreach (var format in Formats)
        {
            foreach (var map in RtpMapList)
            {
                if (map.IsOpus && string.Equals(map.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture), format, StringComparison.Ordinal))
                {
                    return map;
                }
            }
        }

        return null;
    }

    private static bool NamesOnly(string blocks, int payloadType)
    {
        // RFC 2198 section 5: the fmtp of "red" lists the payload types of the blocks, primary last, split by '/'.
        var expected = payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parts = blocks.Trim().Split('/');
        return parts.Length >= 2 && parts.All(part => string.Equals(part.Trim(), expected, StringComparison.Ordinal));
    }
}
