namespace Orchestron.WebRtc.DataChannels;

/// <summary>What a DATA_CHANNEL_OPEN says about a channel.</summary>
/// <param name="Label">The channel's label.</param>
/// <param name="Protocol">The subprotocol, often empty.</param>
/// <param name="Ordered">Whether messages arrive in the order they were sent.</param>
/// <param name="MaxRetransmits">Retransmissions before a message is given up, or null.</param>
/// <param name="MaxPacketLifeTime">How long a message is retried before it is given up, or null.</param>
internal sealed record DataChannelParameters(string Label, string Protocol, bool Ordered, int? MaxRetransmits, TimeSpan? MaxPacketLifeTime);
