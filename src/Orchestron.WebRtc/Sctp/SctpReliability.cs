namespace Orchestron.WebRtc.Sctp;

/// <summary>How one outgoing message is delivered: ordered or not, and when the sender gives up on it (RFC 3758).</summary>
/// <param name="Unordered">Deliver on arrival rather than in stream order.</param>
/// <param name="MaxRetransmits">Retransmissions before the message is abandoned; -1 for fully reliable.</param>
/// <param name="LifetimeMs">Milliseconds after queueing when the message is abandoned; -1 for no limit.</param>
internal readonly record struct SctpReliability(bool Unordered, int MaxRetransmits, int LifetimeMs)
{
    internal static SctpReliability Reliable => new(false, -1, -1);

    internal bool IsReliable => MaxRetransmits < 0 && LifetimeMs < 0;
}
