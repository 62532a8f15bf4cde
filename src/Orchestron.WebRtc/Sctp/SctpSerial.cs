namespace Orchestron.WebRtc.Sctp;

/// <summary>Serial number arithmetic (RFC 1982) for 32-bit TSNs and 16-bit SSNs, which wrap.</summary>
internal static class SctpSerial
{
    internal static bool IsNewer(uint a, uint b) => (int)(a - b) > 0;

    internal static bool IsNewerOrEqual(uint a, uint b) => (int)(a - b) >= 0;

    internal static bool IsNewer(ushort a, ushort b) => (short)(a - b) > 0;
}
