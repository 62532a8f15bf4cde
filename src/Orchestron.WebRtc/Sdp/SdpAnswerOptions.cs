using System.Security.Cryptography;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;

namespace Orchestron.WebRtc.Sdp;

/// <summary>What our side puts into an answer: credentials, certificate fingerprint, candidates and stream identity.</summary>
public sealed class SdpAnswerOptions
{
    /// <summary>Creates options with fresh random SSRC, CNAME and msid ids.</summary>
    /// <param name="iceCredentials">Our ICE ufrag and password.</param>
    /// <param name="fingerprint">Our certificate's fingerprint.</param>
    /// <param name="candidates">Our host candidates; may be empty.</param>
    public SdpAnswerOptions(IceCredentials iceCredentials, DtlsFingerprint fingerprint, IReadOnlyList<IceCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(iceCredentials);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(candidates);
        IceCredentials = iceCredentials;
        Fingerprint = fingerprint;
        Candidates = candidates;
        Ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        CanonicalName = RandomNumberGenerator.GetHexString(16, lowercase: true);
        StreamId = "orchestron-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        TrackId = "audio-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
    }

    /// <summary>Our ICE ufrag and password.</summary>
    public IceCredentials IceCredentials { get; }

    /// <summary>Our certificate's fingerprint.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Our host candidates.</summary>
    public IReadOnlyList<IceCandidate> Candidates { get; }

    /// <summary>The SSRC of the audio we send.</summary>
    public uint Ssrc { get; set; }

    /// <summary>The RTCP CNAME of the audio we send.</summary>
    public string CanonicalName { get; set; }

    /// <summary>The media stream id of a=msid.</summary>
    public string StreamId { get; set; }

    /// <summary>The track id of a=msid.</summary>
    public string TrackId { get; set; }

    /// <summary>
    /// Whether an offer whose only certificate fingerprint is SHA-1 is accepted. False by default: SHA-1 is no
    /// longer collision resistant (RFC 8122 section 5 asks for a stronger hash), and browsers offer SHA-256.
    /// </summary>
    public bool AllowSha1Fingerprints { get; set; }

    /// <summary>
    /// The RTP redundancy distance (RFC 2198) to use when the offer has red/48000/2 over its Opus payload type: 0
    /// (the default here) answers plain Opus, 1 or 2 picks RED with that many earlier packets repeated in each.
    /// </summary>
    public int RedundancyDistance { get; set; }

    /// <summary>Whether we send stereo (sprop-stereo=1). True by default.</summary>
    public bool Stereo { get; set; } = true;

    /// <summary>
    /// Whether a data channel section (<c>m=application ... UDP/DTLS/SCTP webrtc-datachannel</c>) bundled with the
    /// audio is accepted; when false, or when it cannot share the audio's transport, it is rejected with port 0.
    /// True by default.
    /// </summary>
    public bool AcceptDataChannels { get; set; } = true;

    /// <summary>
    /// The duration of audio in each packet we send, written as <c>a=ptime</c> (RFC 8866 section 6.4; it may be
    /// fractional, e.g. 2.5), or null (the default) to leave the attribute out, which means 20 ms or less to most peers.
    /// </summary>
    public double? PacketTimeMs { get; set; }

    /// <summary>Our SCTP port (a=sctp-port). 5000 by default, as browsers use.</summary>
    public int SctpPort { get; set; } = 5000;

    /// <summary>The largest data channel message we take (a=max-message-size). 65536 by default.</summary>
    public int MaxMessageSize { get; set; } = 65536;
}
