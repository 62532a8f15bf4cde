using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Sdp;

/// <summary>An answer to a browser's offer, and what the transport needs from that offer to connect.</summary>
public sealed class SdpAnswer
{
    internal SdpAnswer(
        string sdp,
        string? audioMid,
        int opusPayloadType,
        DtlsRole dtlsRole,
        string remoteIceUfrag,
        string remoteIcePassword,
        DtlsFingerprint remoteFingerprint,
        IReadOnlyList<SdpCandidate> remoteCandidates,
        bool remoteWantsInbandFec,
        bool remoteWantsStereo,
        int? redPayloadType,
        int redundancyDistance,
        string? dataChannelMid = null,
        int? remoteSctpPort = null,
        long? remoteMaxMessageSize = null)
    {
        RedPayloadType = redPayloadType;
        RedundancyDistance = redundancyDistance;
        DataChannelMid = dataChannelMid;
        RemoteSctpPort = remoteSctpPort;
        RemoteMaxMessageSize = remoteMaxMessageSize;
        Sdp = sdp;
        AudioMid = audioMid;
        OpusPayloadType = opusPayloadType;
        DtlsRole = dtlsRole;
        RemoteIceUfrag = remoteIceUfrag;
        RemoteIcePassword = remoteIcePassword;
        RemoteFingerprint = remoteFingerprint;
        RemoteCandidates = remoteCandidates;
        RemoteWantsInbandFec = remoteWantsInbandFec;
        RemoteWantsStereo = remoteWantsStereo;
    }

    /// <summary>The answer text, lines ending in CRLF.</summary>
    public string Sdp { get; }

    /// <summary>The audio section's mid, or null when the offer had none.</summary>
    public string? AudioMid { get; }

    /// <summary>The offer's Opus payload type, which our RTP packets carry.</summary>
    public int OpusPayloadType { get; }

    /// <summary>The offer's red/48000/2 payload type when the answer picked RTP redundancy (RFC 2198), else null.</summary>
    public int? RedPayloadType { get; }

    /// <summary>How many earlier packets each packet repeats: 0 when the answer is plain Opus, else 1 or 2.</summary>
    public int RedundancyDistance { get; }

    /// <summary>Our DTLS role: server for an actpass or active offer, client for a passive one.</summary>
    public DtlsRole DtlsRole { get; }

    /// <summary>The offer's ICE username fragment; checks arrive as "ourUfrag:this".</summary>
    public string RemoteIceUfrag { get; }

    /// <summary>The offer's ICE password.</summary>
    public string RemoteIcePassword { get; }

    /// <summary>The fingerprint the peer's DTLS certificate must match.</summary>
    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>The offer's candidates for the audio section (often mDNS names; checks reveal real addresses).</summary>
    public IReadOnlyList<SdpCandidate> RemoteCandidates { get; }

    /// <summary>Whether the offer's Opus fmtp asks for in-band FEC (useinbandfec=1).</summary>
    public bool RemoteWantsInbandFec { get; }

    /// <summary>Whether the offer's Opus fmtp says the receiver prefers stereo (stereo=1).</summary>
    public bool RemoteWantsStereo { get; }

    /// <summary>Whether the answer accepted a data channel section: SCTP runs over the connection's DTLS.</summary>
    public bool HasDataChannels => RemoteSctpPort is not null;

    /// <summary>The accepted data channel section's mid, or null.</summary>
    public string? DataChannelMid { get; }

    /// <summary>The peer's SCTP port (its a=sctp-port, 5000 when absent), or null without data channels.</summary>
    public int? RemoteSctpPort { get; }

    /// <summary>The peer's a=max-message-size (0: no limit; 65536 when absent, RFC 8841), or null without data channels.</summary>
    public long? RemoteMaxMessageSize { get; }

    /// <inheritdoc/>
    public override string ToString() => Sdp;
}
