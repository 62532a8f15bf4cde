namespace Orchestron.WebRtc.Sctp;

/// <summary>The flags of a DATA chunk (RFC 4960 section 3.3.1).</summary>
[Flags]
internal enum SctpDataFlags : byte
{
    None = 0,
    End = 0x01,
    Beginning = 0x02,
    Unordered = 0x04,
    Whole = Beginning | End,
}
