using System.Text.Json;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Parses a JSON list of <c>{urls, username, credential}</c> objects, the shape of
/// <c>RTCConfiguration.iceServers</c>, where a TURN server may give <c>secret</c> (a TURN REST shared secret)
/// instead of <c>username</c> and <c>credential</c>. Read by hand rather than by a serializer so that every mistake
/// gets a message pointing at the item and the field.
/// </summary>
internal static class IceServerListParser
{
    public static bool TryParse(string json, out IReadOnlyList<IceServer> servers, out string? error)
    {
        servers = [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "not a JSON list";
                return false;
            }

            var list = new List<IceServer>();
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (!TryParseServer(item, out var server, out var itemError))
                {
                    error = $"item {index}: {itemError}";
                    return false;
                }

                list.Add(server);
                index++;
            }

            servers = list;
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = "not valid JSON: " + exception.Message;
            return false;
        }
    }

    private static bool TryParseServer(JsonElement item, out IceServer server, out string? error)
    {
        server = null!;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = "not an object";
            return false;
        }

        if (!TryReadUrls(item, out var urls, out error)
            || !TryReadOptionalString(item, "username", out var username, out error)
            || !TryReadOptionalString(item, "credential", out var credential, out error)
            || !TryReadOptionalString(item, "secret", out var secret, out error))
        {
            return false;
        }

        var invalid = urls.FirstOrDefault(url => !IceUrl.IsValid(url));
        if (invalid is not null)
        {
            error = $"'{invalid}' is not a stun:, stuns:, turn: or turns: URL";
            return false;
        }

        if (secret is not null && (username is not null || credential is not null))
        {
            error = "give either username and credential, or secret, not both";
            return false;
        }

        if (secret is not null && secret.Length == 0)
        {
            error = "'secret' is empty";
            return false;
        }

        if (urls.Any(IceUrl.IsTurn) && secret is null && (username is null || credential is null))
        {
            error = "turn: URLs need both username and credential (or, for the backend, secret)";
            return false;
        }

        server = new IceServer(urls, username, credential, secret);
        return true;
    }

    private static bool TryReadUrls(JsonElement item, out IReadOnlyList<string> urls, out string? error)
    {
        urls = [];
        error = null;
        if (!item.TryGetProperty("urls", out var element))
        {
            error = "'urls' is missing";
            return false;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            urls = [element.GetString()!.Trim()];
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0
            || element.EnumerateArray().Any(url => url.ValueKind != JsonValueKind.String))
        {
            error = "'urls' must be a string or a non-empty list of strings";
            return false;
        }

        urls = element.EnumerateArray().Select(url => url.GetString()!.Trim()).ToArray();
        return true;
    }

    private static bool TryReadOptionalString(JsonElement item, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!item.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string";
            return false;
        }

        value = element.GetString();
        return true;
    }
}
