namespace Orchestron.Host.Configuration;

/// <summary>Who may do what on the host; see <see cref="SecuritySettings"/> for each setting.</summary>
/// <param name="AllowNetworkCsd">Whether <c>POST /api/sessions</c> accepts CSD text (it also needs the operator token).</param>
/// <param name="OperatorToken">The secret creating sessions needs, or null when anyone may create library sessions.</param>
/// <param name="AllowedHosts">Host header values the host answers; <c>*</c> answers any.</param>
/// <param name="RateLimits">Requests per minute per client address, by kind.</param>
/// <param name="MaxListenersPerSession">Listeners one session serves at once.</param>
public sealed record SecurityOptions(
    bool AllowNetworkCsd,
    string? OperatorToken,
    IReadOnlyList<string> AllowedHosts,
    RateLimitOptions RateLimits,
    int MaxListenersPerSession)
{
    /// <summary>Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed; none by default.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>Where library instruments run; CSD text from the network always runs sandboxed.</summary>
    public SessionIsolation LibraryIsolation { get; init; } = SessionIsolation.InProcess;

    /// <summary>The defaults for a host on loopback: no network CSD, no operator token, loopback names only.</summary>
    public static SecurityOptions Default { get; } = new(
        false, null, ["localhost", "127.0.0.1", "[::1]"], RateLimitOptions.Default, SecuritySettings.DefaultMaxListenersPerSession);

    /// <inheritdoc />
    public override string ToString() =>
        $"SecurityOptions {{ AllowNetworkCsd = {AllowNetworkCsd}, OperatorToken = {(OperatorToken is null ? "none" : "***")}, "
        + $"AllowedHosts = [{string.Join(", ", AllowedHosts)}], RateLimits = {RateLimits}, MaxListenersPerSession = {MaxListenersPerSession}, "
        + $"TrustedProxies = [{string.Join(", ", TrustedProxies)}], LibraryIsolation = {LibraryIsolation} }}";
}

/// <summary>Requests per minute per client address; 0 turns a limit off.</summary>
/// <param name="CreatesPerMinute">Session creations.</param>
/// <param name="StartsPerMinute">Session starts.</param>
/// <param name="NegotiationsPerMinute">WebRTC offers.</param>
/// <param name="ControlPerMinute">Stop, delete, panic, MIDI, channels and leaving.</param>
public sealed record RateLimitOptions(int CreatesPerMinute, int StartsPerMinute, int NegotiationsPerMinute, int ControlPerMinute)
{
    /// <summary>The documented defaults.</summary>
    public static RateLimitOptions Default { get; } = new(
        SecuritySettings.DefaultCreatesPerMinute,
        SecuritySettings.DefaultStartsPerMinute,
        SecuritySettings.DefaultNegotiationsPerMinute,
        SecuritySettings.DefaultControlRequestsPerMinute);
}
