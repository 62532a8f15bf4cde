namespace Orchestron.WebRtc.Sctp;

/// <summary>Takes one finished SCTP packet, valid only during the call (over DTLS: one application data record).</summary>
internal delegate void SctpPacketSender(ReadOnlySpan<byte> packet);
