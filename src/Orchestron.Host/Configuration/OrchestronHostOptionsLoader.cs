using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Builds <see cref="OrchestronHostOptions"/> from the command line, the environment and appsettings, in
/// that order of precedence, parsing every value explicitly (no reflection binding).
/// </summary>
public static class OrchestronHostOptionsLoader
{
    /// <summary>Whether the arguments ask for the usage text.</summary>
    public static bool IsHelpRequested(IReadOnlyList<string> arguments) =>
        CommandLineArguments.Parse(arguments, []).HelpRequested;

    /// <summary>Reads and validates every setting.</summary>
    /// <exception cref="OrchestronConfigurationException">One or more values are invalid; the message lists them all.</exception>
    public static OrchestronHostOptions Load(ConfigurationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        var commandLine = CommandLineArguments.Parse(inputs.Arguments, problems);
        var reader = new SettingReader(commandLine, inputs.Environment, inputs.AppSettings, problems);

        var server = new ServerOptions(
            reader.HostName(OrchestronSettings.Host, "127.0.0.1"),
            reader.Integer(OrchestronSettings.Port, 8000, 0, 65535));
        var mode = reader.Mode(OrchestronSettings.AudioOutputMode, AudioOutputMode.Streaming);
        var streaming = StreamingSettings.Read(reader, server.Host);
        var webRtc = new WebRtcOptions(
            reader.IceServers(OrchestronSettings.FrontendIceServers),
            reader.IceServers(OrchestronSettings.BackendIceServers));
        var cors = reader.Origins(OrchestronSettings.CorsOrigins);
        var csound = new CsoundDefaults(
            reader.ModuleName(OrchestronSettings.CsoundRtAudio, "alsa"),
            reader.Integer(OrchestronSettings.CsoundSampleRate, 48000, 8000, 192000),
            reader.Integer(OrchestronSettings.CsoundKsmps, 32, 1, 4096),
            reader.Integer(OrchestronSettings.CsoundChannels, 2, 1, 8),
            reader.PositiveNumber(OrchestronSettings.CsoundZeroDbfs, 1.0));
        var turn = ReadTurn(reader);
        var sessions = ReadSessionLimits(reader);
        var security = SecuritySettingsReader.Read(reader, server, cors);
        var janus = JanusSettings.Read(reader);

        if (problems.Count > 0)
        {
            throw new OrchestronConfigurationException(problems);
        }

        return new OrchestronHostOptions(server, mode, streaming, webRtc, cors, csound, turn, sessions) { Security = security, Janus = janus };
    }

    private static SessionLimits ReadSessionLimits(SettingReader reader)
    {
        var max = reader.Integer(OrchestronSettings.MaxSessions, SessionLimits.DefaultMaxSessions, 1, SessionLimits.MaxMaxSessions);
        var idleMinutes = reader.Integer(OrchestronSettings.SessionIdleMinutes, SessionLimits.DefaultIdleMinutes, 0, SessionLimits.MaxIdleMinutes);
        var stopMs = reader.Integer(
            OrchestronSettings.SessionStopTimeoutMs, SessionLimits.DefaultStopTimeoutMs, SessionLimits.MinStopTimeoutMs, SessionLimits.MaxStopTimeoutMs);
        return new SessionLimits(
            max, idleMinutes == 0 ? null : TimeSpan.FromMinutes(idleMinutes), TimeSpan.FromMilliseconds(stopMs));
    }

    private static TurnOptions? ReadTurn(SettingReader reader)
    {
        var urls = reader.TurnUrls(OrchestronSettings.TurnUrls);
        var secret = reader.Text(OrchestronSettings.TurnSecret);
        var ttl = reader.Integer(
            OrchestronSettings.TurnCredentialTtlSeconds,
            OrchestronSettings.DefaultTurnCredentialTtlSeconds,
            (int)TurnRestCredentials.MinLifetime.TotalSeconds,
            (int)TurnRestCredentials.MaxLifetime.TotalSeconds);
        var urlsGiven = reader.Raw(OrchestronSettings.TurnUrls) is not null;
        if (urlsGiven && secret is null)
        {
            reader.Problems.Add($"{OrchestronSettings.TurnUrls.EnvironmentVariable} is set but "
                + $"{OrchestronSettings.TurnSecret.EnvironmentVariable} is not; accepted: both set, or neither.");
        }
        else if (!urlsGiven && secret is not null)
        {
            reader.Problems.Add($"{OrchestronSettings.TurnSecret.EnvironmentVariable} is set but "
                + $"{OrchestronSettings.TurnUrls.EnvironmentVariable} is not; accepted: both set, or neither.");
        }

        return urls.Count > 0 && secret is not null
            ? new TurnOptions(urls, secret, TimeSpan.FromSeconds(ttl))
            : null;
    }
}
