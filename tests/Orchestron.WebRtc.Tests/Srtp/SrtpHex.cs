namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>Hex strings as the RFCs print them, with spaces and line breaks allowed.</summary>
internal static class SrtpHex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
