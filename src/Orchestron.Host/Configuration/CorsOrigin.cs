namespace Orchestron.Host.Configuration;

/// <summary>Checks and normalises a CORS origin to the <c>scheme://host[:port]</c> form browsers send.</summary>
internal static class CorsOrigin
{
    public const string Any = "*";

    public static bool TryNormalize(string text, out string origin)
    {
        origin = string.Empty;
        if (text == Any)
        {
            origin = Any;
            return true;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length != 0 || uri.Fragment.Length != 0
            || uri.UserInfo.Length != 0)
        {
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority);
        return true;
    }
}
