namespace Orchestron.Host.Configuration;

/// <summary>The settings that decide who may do what on the host: network CSD, tokens, hosts, rate limits.</summary>
public static class SecuritySettings
{
    /// <summary>The shortest operator token accepted; shorter secrets can be guessed.</summary>
    public const int MinOperatorTokenLength = 32;

    /// <summary>The most listeners one session takes unless configured.</summary>
    public const int DefaultMaxListenersPerSession = 8;

    /// <summary>Session creations per minute per client address unless configured.</summary>
    public const int DefaultCreatesPerMinute = 10;

    /// <summary>Session starts per minute per client address unless configured.</summary>
    public const int DefaultStartsPerMinute = 30;

    /// <summary>WebRTC negotiations per minute per client address unless configured.</summary>
    public const int DefaultNegotiationsPerMinute = 30;

    /// <summary>
    /// Control requests (stop, delete, panic, MIDI, channels, leaving) per minute per client address unless
    /// configured: room for a person playing keys while turning two knobs at 20 updates a second each.
    /// </summary>
    public const int DefaultControlRequestsPerMinute = 6000;

    private const string RateAccepted = "an integer from 0 to 1000000 (0 turns the limit off)";

    /// <summary>
    /// Whether the API accepts CSD text: a program that could run commands and read files, so it always runs in a
    /// sandboxed worker, never in the host's process.
    /// </summary>
    public static readonly SettingDefinition AllowNetworkCsd = new(
        "VISUALCSOUND_ALLOW_NETWORK_CSD", "--allow-network-csd", "AllowNetworkCsd",
        "true or false (also 1/0, yes/no, on/off); true needs the operator token", "false",
        "Accept CSD text from POST /api/sessions. It always runs in a sandboxed worker (no network, no host files, "
        + "resource limits); where the sandbox cannot run, CSD text is refused.", IsFlag: true);

    /// <summary>Where library instruments run; CSD text from the network always runs sandboxed.</summary>
    public static readonly SettingDefinition Isolation = new(
        "VISUALCSOUND_ISOLATION", "--isolation", "Isolation",
        "in-process or sandbox", "in-process",
        "Where library instruments' Csound runs: in the host's process, or like network CSD in a sandboxed worker process.");

    /// <summary>The secret that creating sessions needs when set.</summary>
    public static readonly SettingDefinition OperatorToken = new(
        "VISUALCSOUND_OPERATOR_TOKEN", "--operator-token", "OperatorToken",
        $"a secret of at least {MinOperatorTokenLength} characters without spaces (e.g. openssl rand -hex 32)", "none (anyone may create library sessions)",
        "When set, POST /api/sessions needs 'Authorization: Bearer <token>'.");

    /// <summary>The Host header values the host answers.</summary>
    public static readonly SettingDefinition AllowedHosts = new(
        "VISUALCSOUND_ALLOWED_HOSTS", "--allowed-hosts", "AllowedHosts",
        "a JSON list or a comma-separated list of host names or addresses (*.example.com matches subdomains), or *",
        "localhost, 127.0.0.1 and [::1] when listening on loopback; the listen address otherwise; * when listening on 0.0.0.0 or ::",
        "Host names requests may be addressed to; others get 400 (defends against DNS rebinding).");

    /// <summary>Session creations per minute per client address.</summary>
    public static readonly SettingDefinition CreatesPerMinute = RateLimit(
        "VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE", "--rate-limit-creates-per-minute", "RateLimitCreatesPerMinute", DefaultCreatesPerMinute,
        "Session creations per minute per client address; more get 429 with Retry-After.");

    /// <summary>Session starts per minute per client address.</summary>
    public static readonly SettingDefinition StartsPerMinute = RateLimit(
        "VISUALCSOUND_RATE_LIMIT_STARTS_PER_MINUTE", "--rate-limit-starts-per-minute", "RateLimitStartsPerMinute", DefaultStartsPerMinute,
        "Session starts per minute per client address; more get 429 with Retry-After.");

    /// <summary>WebRTC negotiations per minute per client address.</summary>
    public static readonly SettingDefinition NegotiationsPerMinute = RateLimit(
        "VISUALCSOUND_RATE_LIMIT_NEGOTIATIONS_PER_MINUTE", "--rate-limit-negotiations-per-minute", "RateLimitNegotiationsPerMinute", DefaultNegotiationsPerMinute,
        "WebRTC offers (JSON and WHEP) per minute per client address; more get 429 with Retry-After.");

    /// <summary>Control requests per minute per client address.</summary>
    public static readonly SettingDefinition ControlRequestsPerMinute = RateLimit(
        "VISUALCSOUND_RATE_LIMIT_CONTROL_PER_MINUTE", "--rate-limit-control-per-minute", "RateLimitControlPerMinute", DefaultControlRequestsPerMinute,
        "Stop, delete, panic, MIDI, channel and leave requests per minute per client address; more get 429.");

    /// <summary>The most listeners per session.</summary>
    public static readonly SettingDefinition MaxListenersPerSession = new(
        "VISUALCSOUND_MAX_LISTENERS_PER_SESSION", "--max-listeners-per-session", "MaxListenersPerSession",
        "an integer from 1 to 1000", DefaultMaxListenersPerSession.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "Listeners one session serves at once, connected or still connecting; a further offer gets 409 unless it can take the place of another address's listener still connecting.");

    /// <summary>The reverse proxies whose forwarded client address the host believes.</summary>
    public static readonly SettingDefinition TrustedProxies = new(
        "VISUALCSOUND_TRUSTED_PROXIES", "--trusted-proxies", "TrustedProxies",
        "a JSON list or a comma-separated list of IP addresses or networks in CIDR form (e.g. 127.0.0.1, 172.28.0.0/24)",
        "none (X-Forwarded-* headers are ignored)",
        "Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, so rate limits count the client's address "
        + "rather than the proxy's; from any other peer the headers are ignored.");

    // Every rate limit is read, bounded and documented alike; only its name, default and subject differ.
    private static SettingDefinition RateLimit(string variable, string commandLine, string key, int defaultPerMinute, string description) =>
        new(variable, commandLine, key, RateAccepted, defaultPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), description);

    /// <summary>The security settings, in the order help lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        AllowNetworkCsd, Isolation, OperatorToken, AllowedHosts,
        CreatesPerMinute, StartsPerMinute, NegotiationsPerMinute, ControlRequestsPerMinute, MaxListenersPerSession,
        TrustedProxies,
    ];
}
