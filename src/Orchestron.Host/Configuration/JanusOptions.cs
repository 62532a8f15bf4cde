namespace Orchestron.Host.Configuration;

/// <summary>The Janus servers sessions can be published to, and the secrets their APIs ask for.</summary>
/// <param name="Urls">The HTTP API base URLs, such as <c>http://127.0.0.1:8088/janus</c>; empty turns publishing off.</param>
/// <param name="ApiSecret">Janus's <c>api_secret</c>, or null.</param>
/// <param name="AdminKey">The streaming plugin's <c>admin_key</c>, or null.</param>
public sealed record JanusOptions(IReadOnlyList<Uri> Urls, string? ApiSecret, string? AdminKey)
{
    /// <summary>No Janus: sessions are heard directly only.</summary>
    public static JanusOptions None { get; } = new([], null, null);

    /// <summary>True when at least one Janus server is configured.</summary>
    public bool IsEnabled => Urls.Count > 0;

    /// <summary>Names the servers and whether secrets are set, never the secrets.</summary>
    public override string ToString() =>
        $"JanusOptions {{ Urls = {string.Join(", ", Urls)}, ApiSecret = {(ApiSecret is null ? "none" : "set")}, AdminKey = {(AdminKey is null ? "none" : "set")} }}";
}
