namespace Orchestron.WebRtc.DataChannels;

/// <summary>The channel types of a DATA_CHANNEL_OPEN message (RFC 8832 section 5.1).</summary>
internal enum DataChannelType : byte
{
    Reliable = 0x00,
    PartialReliableRetransmit = 0x01,
    PartialReliableTimed = 0x02,
    ReliableUnordered = 0x80,
    PartialReliableRetransmitUnordered = 0x81,
    PartialReliableTimedUnordered = 0x82,
}
