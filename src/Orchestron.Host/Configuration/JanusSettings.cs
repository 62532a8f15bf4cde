namespace Orchestron.Host.Configuration;

/// <summary>The settings that let the host publish sessions to Janus streaming mountpoints.</summary>
public static class JanusSettings
{
    /// <summary>The Janus servers' HTTP API addresses.</summary>
    public static readonly SettingDefinition JanusUrls = new(
        "VISUALCSOUND_JANUS_URLS", "--janus-urls", "JanusUrls",
        "a JSON list or a comma-separated list of http: or https: URLs of Janus's HTTP API, such as http://127.0.0.1:8088/janus",
        "none (publishing to Janus is off)",
        "Janus servers a session can be published to; the session's RTP goes to each URL's host (an IPv4 address or a name).");

    /// <summary>Janus's API secret.</summary>
    public static readonly SettingDefinition JanusApiSecret = new(
        "VISUALCSOUND_JANUS_API_SECRET", "--janus-api-secret", "JanusApiSecret",
        "the api_secret of janus.jcfg, the same on every listed server", "none",
        "Secret the host sends with every Janus API request; browsers never see it.");

    /// <summary>The streaming plugin's admin key.</summary>
    public static readonly SettingDefinition JanusAdminKey = new(
        "VISUALCSOUND_JANUS_ADMIN_KEY", "--janus-admin-key", "JanusAdminKey",
        "the admin_key of janus.plugin.streaming.jcfg", "none",
        "Key the streaming plugin asks for before it creates a mountpoint, when it has one.");

    /// <summary>The Janus settings, in the order help lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } = [JanusUrls, JanusApiSecret, JanusAdminKey];

    /// <summary>Reads the Janus settings; bad URLs are added to the reader's problems.</summary>
    internal static JanusOptions Read(SettingReader reader)
    {
        var urls = new List<Uri>();
        if (reader.Raw(JanusUrls) is { } raw)
        {
            if (!TextList.TryParse(raw.Value, out var items, out _))
            {
                reader.Reject(JanusUrls);
                items = [];
            }

            foreach (var text in items)
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                {
                    urls.Add(url);
                }
                else
                {
                    reader.Reject(JanusUrls);
                    break;
                }
            }
        }

        return new JanusOptions(urls, reader.Text(JanusApiSecret), reader.Text(JanusAdminKey));
    }
}
