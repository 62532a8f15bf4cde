using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Sdp;

/// <summary>
/// A parsed SDP offer (RFC 8866) with what a WebRTC answerer needs: media sections, ICE credentials, DTLS
/// fingerprints and setup roles, BUNDLE, Opus payloads, candidates. Everything else is skipped.
/// </summary>
public sealed class SdpSessionDescription
{
    internal SdpSessionDescription()
    {
    }

    /// <summary>a=ice-ufrag at session level, or null.</summary>
    public string? IceUfrag { get; internal set; }

    /// <summary>a=ice-pwd at session level, or null.</summary>
    public string? IcePassword { get; internal set; }

    /// <summary>Whether the session declares a=ice-lite.</summary>
    public bool IceLite { get; internal set; }

    /// <summary>Session-level a=fingerprint lines with a supported hash function.</summary>
    public IReadOnlyList<DtlsFingerprint> Fingerprints => FingerprintList;

    /// <summary>Session-level a=setup, or null.</summary>
    public SdpSetupRole? Setup { get; internal set; }

    /// <summary>The mids of the first a=group:BUNDLE, empty when none.</summary>
    public IReadOnlyList<string> BundleMids { get; internal set; } = [];

    /// <summary>The media sections in order.</summary>
    public IReadOnlyList<SdpMediaDescription> Media => MediaList;

    internal List<DtlsFingerprint> FingerprintList { get; } = [];

    internal List<SdpMediaDescription> MediaList { get; } = [];

    /// <summary>Parses <paramref name="sdp"/>.</summary>
    /// <exception cref="SdpParseException">The text is not SDP or breaks a limit; the message names the line and field.</exception>
    public static SdpSessionDescription Parse(string sdp) => SdpParser.Parse(sdp);

    /// <summary>The ICE username fragment for <paramref name="media"/>: its own, else the session's.</summary>
    public string? IceUfragFor(SdpMediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.IceUfrag ?? IceUfrag;
    }

    /// <summary>The ICE password for <paramref name="media"/>: its own, else the session's.</summary>
    public string? IcePasswordFor(SdpMediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.IcePassword ?? IcePassword;
    }

    /// <summary>The setup role for <paramref name="media"/>: its own, else the session's.</summary>
    public SdpSetupRole? SetupFor(SdpMediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Setup ?? Setup;
    }

    /// <summary>
    /// The fingerprint for <paramref name="media"/>: its own lines, else the session's; sha-256 preferred, then the
    /// other SHA-2 hashes, SHA-1 only when nothing else is offered.
    /// </summary>
    public DtlsFingerprint? FingerprintFor(SdpMediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        var candidates = media.FingerprintList.Count > 0 ? media.FingerprintList : FingerprintList;
        return candidates.Find(f => f.Algorithm == "sha-256")
            ?? candidates.Find(f => f.Algorithm != "sha-1")
            ?? candidates.FirstOrDefault();
    }
}
