namespace Orchestron.Host.Configuration;

/// <summary>Recognises the URL schemes an <c>RTCIceServer</c> accepts (RFC 7064, RFC 7065).</summary>
internal static class IceUrl
{
    public static bool IsTurn(string url) =>
        HasScheme(url, "turn:") || HasScheme(url, "turns:");

    public static bool IsValid(string url) =>
        IsTurn(url) || HasScheme(url, "stun:") || HasScheme(url, "stuns:");

    private static bool HasScheme(string url, string scheme) =>
        url.Length > scheme.Length
        && url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
        && !url.Contains(' ', StringComparison.Ordinal);
}
