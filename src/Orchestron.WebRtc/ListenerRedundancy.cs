namespace Orchestron.WebRtc;

/// <summary>What one listener's answer picked for RTP redundancy (RFC 2198): its RED payload type and distance.</summary>
/// <param name="PayloadType">The red/48000/2 payload type of the listener's offer.</param>
/// <param name="Distance">How many earlier packets each packet repeats, 1 or 2.</param>
internal sealed record ListenerRedundancy(byte PayloadType, int Distance);
