namespace Orchestron.WebRtc.DataChannels;

/// <summary>The SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 section 8, RFC 8832 section 8).</summary>
internal static class DataChannelPpid
{
    internal const uint Dcep = 50;
    internal const uint String = 51;
    internal const uint BinaryPartial = 52;
    internal const uint Binary = 53;
    internal const uint StringPartial = 54;
    internal const uint StringEmpty = 56;
    internal const uint BinaryEmpty = 57;
}
