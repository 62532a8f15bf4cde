using System.Net;
using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc;

/// <summary>A point-in-time view of one listener: its state, what was sent, and what its receiver reports said.</summary>
/// <param name="ListenerId">The listener's identifier.</param>
/// <param name="State">Its connection state.</param>
/// <param name="FailureReason">Why it failed or closed, if it did.</param>
/// <param name="RemoteEndPoint">The path media goes to, once ICE has chosen one.</param>
/// <param name="SrtpProfile">The negotiated SRTP protection profile name, once connected.</param>
/// <param name="PacketsSent">RTP packets sent to this listener.</param>
/// <param name="OctetsSent">RTP payload octets sent to this listener, RED headers and redundant blocks included.</param>
/// <param name="RedundancyDistance">
/// How many earlier packets each packet repeats (RFC 2198 RED): 0 when the listener gets plain Opus.
/// </param>
/// <param name="RedundantBlocksSent">Redundant blocks sent: repeats of earlier packets, each a lost packet's second chance.</param>
/// <param name="RedundantOctetsSent">The octets those blocks and their 4-byte headers added: the bandwidth RED costs.</param>
/// <param name="ChecksAccepted">ICE connectivity checks that passed USERNAME, MESSAGE-INTEGRITY and FINGERPRINT.</param>
/// <param name="ChecksRejected">ICE connectivity checks that failed authentication and got no answer.</param>
/// <param name="Reception">
/// What the listener's RTCP receiver reports said: loss, jitter, round-trip time. Their loss counts RTP packets that
/// never arrived, before RED rebuilt any of them; a packet that arrived late or twice is not told apart (RFC 3550
/// counts lost as expected minus received, so a duplicate can even make it negative).
/// </param>
public readonly record struct WebRtcListenerStatistics(
    string ListenerId,
    WebRtcListenerState State,
    string? FailureReason,
    IPEndPoint? RemoteEndPoint,
    string? SrtpProfile,
    long PacketsSent,
    long OctetsSent,
    int RedundancyDistance,
    long RedundantBlocksSent,
    long RedundantOctetsSent,
    long ChecksAccepted,
    long ChecksRejected,
    RtcpReceptionSnapshot Reception);
