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
/// <param name="OctetsSent">RTP payload octets sent to this listener.</param>
/// <param name="ChecksAccepted">ICE connectivity checks that passed USERNAME, MESSAGE-INTEGRITY and FINGERPRINT.</param>
/// <param name="ChecksRejected">ICE connectivity checks that failed authentication and got no answer.</param>
/// <param name="Reception">What the listener's RTCP receiver reports said: loss, jitter, round-trip time.</param>
public readonly record struct WebRtcListenerStatistics(
    string ListenerId,
    WebRtcListenerState State,
    string? FailureReason,
    IPEndPoint? RemoteEndPoint,
    string? SrtpProfile,
    long PacketsSent,
    long OctetsSent,
    long ChecksAccepted,
    long ChecksRejected,
    RtcpReceptionSnapshot Reception);
