namespace Orchestron.WebRtc.Srtp;

/// <summary>The per-SSRC state of one SRTP crypto context: rollover counters, replay windows, SRTCP index.</summary>
internal sealed class SrtpStream(uint ssrc)
{
    public uint Ssrc { get; } = ssrc;

    /// <summary>Highest RTP index sent (ROC in the high 32 bits, sequence number in the low 16).</summary>
    public SrtpReplayWindow SentRtp;

    /// <summary>Received RTP indices, for replay protection and ROC tracking.</summary>
    public SrtpReplayWindow ReceivedRtp;

    /// <summary>Received SRTCP indices, for replay protection.</summary>
    public SrtpReplayWindow ReceivedRtcp;

    /// <summary>The SRTCP index the next protected RTCP packet gets.</summary>
    public uint NextSrtcpIndex;
}
