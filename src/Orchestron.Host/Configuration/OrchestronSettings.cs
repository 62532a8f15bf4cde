using System.Globalization;
using System.Text;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Configuration;

/// <summary>The catalogue of every setting the host reads, with its names, accepted values and default.</summary>
public static class OrchestronSettings
{
    /// <summary>The appsettings section that holds the host's settings.</summary>
    public const string AppSettingsSection = "Orchestron";

    private const string IceServerListAccepted =
        "a JSON list of {\"urls\", \"username\", \"credential\"} objects, where urls is a string or a list of "
        + "stun:, stuns:, turn: or turns: URLs and turn URLs need username and credential";

    /// <summary>
    /// The lifetime of issued TURN credentials unless configured: ten minutes, so a leaked credential is soon
    /// useless; the browser client fetches fresh ones before they expire.
    /// </summary>
    internal const int DefaultTurnCredentialTtlSeconds = 600;

    private const string CorsAccepted =
        "a JSON list or a comma-separated list of origins such as http://localhost:5173, or *";

    /// <summary>The interface the HTTP server listens on.</summary>
    public static readonly SettingDefinition Host = new(
        "VISUALCSOUND_HOST", "--host", "Host",
        "an IP address or a host name", "127.0.0.1",
        "Interface to listen on; use 0.0.0.0 in a container.");

    /// <summary>The HTTP port.</summary>
    public static readonly SettingDefinition Port = new(
        "VISUALCSOUND_PORT", "--port", "Port",
        "an integer from 0 to 65535 (0 picks a free port)", "8000",
        "HTTP port.");

    /// <summary>Local device or browser streaming.</summary>
    public static readonly SettingDefinition AudioOutputMode = new(
        "VISUALCSOUND_AUDIO_OUTPUT_MODE", "--audio-output-mode", "AudioOutputMode",
        "local or streaming (aliases: browser, webrtc), in any letter case", "streaming",
        "Where audio goes: the server's sound device, or browsers over WebRTC.");

    /// <summary>Streaming frame duration.</summary>
    public static readonly SettingDefinition FrameMs = new(
        "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", "--webrtc-audio-frame-ms", "WebRtcAudioFrameMs",
        "2.5, 5, 10 or 20", Text((int)StreamingAudioOptions.DefaultFrameMs),
        "Audio frame duration in milliseconds: the pacer's period and the Opus frame (2.5 and 5 for the lowest latency, at more CPU per session).");

    /// <summary>Ring capacity in frames.</summary>
    public static readonly SettingDefinition QueueFramesMax = new(
        "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX", "--webrtc-audio-queue-frames-max", "WebRtcAudioQueueFramesMax",
        $"an integer from {StreamingAudioOptions.MinQueueFramesMax} to {StreamingAudioOptions.MaxQueueFramesMax}",
        Text(StreamingAudioOptions.DefaultQueueFramesMax),
        "Capacity of the queue between renderer and pacer, in frames.");

    /// <summary>Renderer lead in frames.</summary>
    public static readonly SettingDefinition QueueFramesTarget = new(
        "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET", "--webrtc-audio-queue-frames-target", "WebRtcAudioQueueFramesTarget",
        $"an integer from {StreamingAudioOptions.MinQueueFramesTarget} to the queue's maximum",
        Text(StreamingAudioOptions.DefaultQueueFramesTarget),
        "Frames the renderer keeps ahead of the pacer (latency versus safety).");

    /// <summary>Renderer lead in milliseconds, in place of the lead in frames.</summary>
    public static readonly SettingDefinition RenderLeadMs = new(
        "VISUALCSOUND_WEBRTC_AUDIO_RENDER_LEAD_MS", "--webrtc-audio-render-lead-ms", "WebRtcAudioRenderLeadMs",
        "a number of milliseconds from 0.25 to the queue's maximum less one frame, or frames",
        "frames (the lead is QUEUE_FRAMES_TARGET whole frames)",
        "The render lead in milliseconds, in place of QUEUE_FRAMES_TARGET: it may be shorter than a frame (2 at 5 ms "
        + "frames); the pacer opens each frame's render window that long before the frame is due.");

    /// <summary>Skip the backlog when the first listener connects.</summary>
    public static readonly SettingDefinition FlushOnConnect = new(
        "VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT", "--webrtc-audio-flush-on-connect", "WebRtcAudioFlushOnConnect",
        "true or false (also 1/0, yes/no, on/off)", StreamingAudioOptions.DefaultFlushOnConnect ? "true" : "false",
        "Whether a newly connected first listener skips the queued backlog.", IsFlag: true);

    /// <summary>Frames kept by that flush.</summary>
    public static readonly SettingDefinition StartupKeepFrames = new(
        "VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES", "--webrtc-audio-startup-keep-frames", "WebRtcAudioStartupKeepFrames",
        $"an integer from {StreamingAudioOptions.MinStartupKeepFrames} to the queue's maximum",
        Text(StreamingAudioOptions.DefaultStartupKeepFrames),
        "How many of the newest frames the flush on connect keeps.");

    /// <summary>RTP redundancy (RFC 2198) for browsers that offer it.</summary>
    public static readonly SettingDefinition RedDistance = new(
        "VISUALCSOUND_WEBRTC_AUDIO_RED_DISTANCE", "--webrtc-audio-red-distance", "WebRtcAudioRedDistance",
        $"an integer from {Text(RedundancyDistance.Off)} (off) to {Text(RedundancyDistance.Max)}", Text(new WebRtcAudioSenderOptions().RedundancyDistance),
        "How many earlier Opus packets each packet repeats (RED, RFC 2198) for browsers whose offer has red/48000/2, "
        + "as Chromium's does: a lost packet is rebuilt from a later one. Costs about one more Opus payload of bandwidth "
        + "per step, no CPU; other listeners and Janus forwards get plain Opus.");

    /// <summary>Opus's coding mode: the look-ahead a note waits for in the encoder.</summary>
    public static readonly SettingDefinition OpusApplication = new(
        "VISUALCSOUND_WEBRTC_AUDIO_OPUS_APPLICATION", "--webrtc-audio-opus-application", "WebRtcAudioOpusApplication",
        "audio or restricted-lowdelay, in any letter case", "audio",
        "Opus's coding mode. restricted-lowdelay is CELT only and cuts the encoder's look-ahead from 6.5 ms to 2.5 ms "
        + "(4 ms sooner from key to sound) for slightly less quality at the same bitrate; audio also uses SILK and hybrid "
        + "modes where they sound better.");
    /// <summary>The low-latency audio path's Opus frame, or off.</summary>
    public static readonly SettingDefinition LowLatencyFrameMs = new(
        "VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS", "--webrtc-low-latency-frame-ms", "WebRtcLowLatencyFrameMs",
        "off, auto, 2.5 or 5 (a frame that divides the audio frame)", "auto",
        "The low-latency audio path beside the RTP track: Opus in RESTRICTED_LOWDELAY with frames of this many ms on an "
        + "unreliable data channel the page opens ('orchestron-audio'), decoded with WebCodecs and played from an AudioWorklet. "
        + "auto: 2.5 with 2.5 ms audio frames, 5 otherwise; off: every listener plays the RTP track.");

    /// <summary>Origins allowed to call the API.</summary>
    public static readonly SettingDefinition CorsOrigins = new(
        "VISUALCSOUND_CORS_ORIGINS", "--cors-origins", "CorsOrigins",
        CorsAccepted, "none (same origin only)",
        "Origins allowed to call the API from another site.");

    /// <summary>ICE servers for browsers.</summary>
    public static readonly SettingDefinition FrontendIceServers = new(
        "VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS", "--webrtc-frontend-ice-servers", "WebRtcFrontendIceServers",
        IceServerListAccepted, "[]",
        "ICE servers handed to browsers.");

    /// <summary>The STUN and TURN servers of the host's own transport, for a host behind NAT.</summary>
    public static readonly SettingDefinition BackendIceServers = new(
        "VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS", "--webrtc-backend-ice-servers", "WebRtcBackendIceServers",
        IceServerListAccepted + "; here at most one stun: URL and at most one turn: URL over UDP (no stuns: or turns:), "
        + "the turn: one with username and credential or with \"secret\", the TURN server's static-auth-secret", "[]",
        "STUN and TURN servers for the host's own WebRTC transport, so that a host behind NAT is reachable. When the first "
        + "stream opens the UDP port, the host asks the STUN server for its public address (a server-reflexive candidate, "
        + "asked again every 20 s) and allocates a relay on the TURN server (a relayed and a server-reflexive candidate), "
        + "giving each 5 s to answer before the first stream starts without it; with a secret it makes its own TURN REST credentials for each allocation. A server "
        + "that refuses or does not answer is logged, shown in /api/health, and tried again in the background; the host "
        + "goes on with its other candidates.");

    /// <summary>The shared UDP port.</summary>
    public static readonly SettingDefinition UdpPort = new(
        "VISUALCSOUND_WEBRTC_UDP_PORT", "--webrtc-udp-port", "WebRtcUdpPort",
        "an integer from 0 to 65535 (0 picks a free port)", "0",
        "The one UDP port all WebRTC peers share; publish it from a container.");

    /// <summary>Extra host candidate address.</summary>
    public static readonly SettingDefinition PublicIp = new(
        "VISUALCSOUND_WEBRTC_PUBLIC_IP", "--webrtc-public-ip", "WebRtcPublicIp",
        "an IPv4 or IPv6 address", "none",
        "Address announced to browsers for a published UDP port behind 1:1 NAT.");

    /// <summary>TURN URLs for issued credentials.</summary>
    public static readonly SettingDefinition TurnUrls = new(
        "VISUALCSOUND_TURN_URLS", "--turn-urls", "TurnUrls",
        "a JSON list or a comma-separated list of turn: or turns: URLs", "none",
        "TURN server URLs handed to browsers with time-limited credentials.");

    /// <summary>TURN shared secret.</summary>
    public static readonly SettingDefinition TurnSecret = new(
        "VISUALCSOUND_TURN_SECRET", "--turn-secret", "TurnSecret",
        "the TURN server's static-auth-secret, set together with the TURN URLs", "none",
        "Secret shared with the TURN server (coturn use-auth-secret).");

    /// <summary>A file holding the TURN shared secret.</summary>
    public static readonly SettingDefinition TurnSecretFile = new(
        "VISUALCSOUND_TURN_SECRET_FILE", "--turn-secret-file", "TurnSecretFile",
        "the path of a readable file whose content (surrounding whitespace ignored) is the secret; instead of the secret itself", "none",
        "Reads the TURN secret from a file, such as one generated at first start and shared with coturn through a volume.");

    /// <summary>Issued credential lifetime.</summary>
    public static readonly SettingDefinition TurnCredentialTtlSeconds = new(
        "VISUALCSOUND_TURN_CREDENTIAL_TTL_SECONDS", "--turn-credential-ttl-seconds", "TurnCredentialTtlSeconds",
        $"an integer from {Text((int)TurnRestCredentials.MinLifetime.TotalSeconds)} to {Text((int)TurnRestCredentials.MaxLifetime.TotalSeconds)}",
        Text(DefaultTurnCredentialTtlSeconds),
        "How long an issued TURN credential stays valid, in seconds.");

    /// <summary>Local-mode audio module.</summary>
    public static readonly SettingDefinition CsoundRtAudio = new(
        "VISUALCSOUND_CSOUND_RTAUDIO", "--csound-rtaudio", "CsoundRtAudio",
        "a Csound rtaudio module name such as alsa, pulse, jack or pa (letters, digits, '_' and '-')", "alsa",
        "Csound's realtime audio module in local mode (-+rtaudio).");

    /// <summary>Default sample rate.</summary>
    public static readonly SettingDefinition CsoundSampleRate = new(
        "VISUALCSOUND_CSOUND_SR", "--csound-sr", "CsoundSr",
        "an integer from 8000 to 192000", "48000",
        "Csound sample rate (-r).");

    /// <summary>Default control period.</summary>
    public static readonly SettingDefinition CsoundKsmps = new(
        "VISUALCSOUND_CSOUND_KSMPS", "--csound-ksmps", "CsoundKsmps",
        "an integer from 1 to 4096", "32",
        "Samples per control period (-k).");

    /// <summary>Default output channel count.</summary>
    public static readonly SettingDefinition CsoundChannels = new(
        "VISUALCSOUND_CSOUND_NCHNLS", "--csound-nchnls", "CsoundNchnls",
        "an integer from 1 to 8", "2",
        "Output channels (nchnls).");

    /// <summary>Default full-scale amplitude.</summary>
    public static readonly SettingDefinition CsoundZeroDbfs = new(
        "VISUALCSOUND_CSOUND_0DBFS", "--csound-0dbfs", "Csound0dbfs",
        "a finite number greater than 0", "1",
        "Amplitude of full scale (0dbfs).");

    /// <summary>The most sessions the host keeps at once.</summary>
    public static readonly SettingDefinition MaxSessions = new(
        "VISUALCSOUND_MAX_SESSIONS", "--max-sessions", "MaxSessions",
        $"an integer from 1 to {Text(SessionLimits.MaxMaxSessions)}", Text(SessionLimits.DefaultMaxSessions),
        "The most sessions kept at once, created or running; each holds a Csound instance.");

    /// <summary>How many sessions may play at once: a number, or <c>auto</c> for what the streaming engine measures it can render.</summary>
    public static readonly SettingDefinition MaxPlayingSessions = new(
        "VISUALCSOUND_MAX_PLAYING_SESSIONS", "--max-playing-sessions", "MaxPlayingSessions",
        $"auto, or an integer from 1 to {Text(SessionLimits.MaxMaxSessions)}", SessionLimits.AutomaticPlayingSessions,
        "The most sessions playing at once; auto admits a start while the engine's measured load leaves room for it. A start beyond it gets 503 with Retry-After.");

    /// <summary>Minutes without a listener or a control call before a session is deleted.</summary>
    public static readonly SettingDefinition SessionIdleMinutes = new(
        "VISUALCSOUND_SESSION_IDLE_MINUTES", "--session-idle-minutes", "SessionIdleMinutes",
        $"an integer from 0 to {Text(SessionLimits.MaxIdleMinutes)} (0 keeps idle sessions)", Text(SessionLimits.DefaultIdleMinutes),
        "A session nobody has listened to for this long is stopped and deleted; control calls do not count as use.");

    /// <summary>How long a stop waits for the render to return.</summary>
    public static readonly SettingDefinition SessionStopTimeoutMs = new(
        "VISUALCSOUND_SESSION_STOP_TIMEOUT_MS", "--session-stop-timeout-ms", "SessionStopTimeoutMs",
        $"an integer from {Text(SessionLimits.MinStopTimeoutMs)} to {Text(SessionLimits.MaxStopTimeoutMs)}", Text(SessionLimits.DefaultStopTimeoutMs),
        "How long a stop waits for Csound's render to return before the session is marked failed.");

    /// <summary>This host's name among the replicas behind a load balancer.</summary>
    public static readonly SettingDefinition ReplicaId = new(
        "VISUALCSOUND_REPLICA_ID", "--replica-id", "ReplicaId",
        $"1 to {Text(SessionIdFormat.MaxReplicaIdLength)} lowercase letters or digits", "none (session ids carry no replica)",
        "Names this replica behind a load balancer: session ids become '<replica>-<hex>', so the proxy routes a "
        + "session's requests to the replica that runs it; /api/health reports it.");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every setting, in the order help lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        Host, Port, AudioOutputMode,
        FrameMs, QueueFramesMax, QueueFramesTarget, RenderLeadMs, FlushOnConnect, StartupKeepFrames, RedDistance, OpusApplication, LowLatencyFrameMs,
        CorsOrigins, FrontendIceServers, BackendIceServers, UdpPort, PublicIp,
        TurnUrls, TurnSecret, TurnSecretFile, TurnCredentialTtlSeconds,
        CsoundRtAudio, CsoundSampleRate, CsoundKsmps, CsoundChannels, CsoundZeroDbfs,
        MaxSessions, MaxPlayingSessions, SessionIdleMinutes, SessionStopTimeoutMs, ReplicaId,
        .. SecuritySettings.All,
        .. FairShareSettings.All,
        .. CpuShareSettings.All,
        .. JanusSettings.All,
    ];

    /// <summary>The text <c>--help</c> prints: every switch, its variable, accepted values and default.</summary>
    public static string Usage()
    {
        var text = new StringBuilder();
        text.AppendLine("Orchestron.Host: Csound sessions you can play and hear in a browser.");
        text.AppendLine();
        text.AppendLine("Usage: Orchestron.Host [--switch value | --switch=value]...");
        text.AppendLine("Precedence: command line, then environment, then appsettings.json (section \"Orchestron\").");
        text.AppendLine();
        foreach (var setting in All)
        {
            text.Append("  ").Append(setting.Switch).Append("  (").Append(setting.EnvironmentVariable)
                .Append(", ").Append(setting.AppSettingsPath).AppendLine(")");
            text.Append("      ").AppendLine(setting.Description);
            text.Append("      Accepted: ").Append(setting.Accepted).Append(". Default: ").Append(setting.DefaultText)
                .AppendLine(".");
        }

        return text.ToString();
    }
}
