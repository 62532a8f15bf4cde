namespace Orchestron.Host.Api;

/// <summary>Body of <c>POST /api/sessions</c>: a library instrument or CSD text (the default instrument when empty).</summary>
public sealed record CreateSessionRequest(string? Instrument, string? Csd);

/// <summary>A session as the API shows it.</summary>
public sealed record SessionResponse(
    string Id,
    string? Instrument,
    string State,
    string AudioOutputMode,
    DateTimeOffset CreatedAt,
    string? Error)
{
    /// <summary>Where the session's Csound runs: <c>in-process</c> (the host's own instruments) or <c>sandbox</c> (a sandboxed worker process).</summary>
    public string Isolation { get; init; } = "in-process";

    /// <summary>Only in the answer to its creation: the token that controls the session.</summary>
    public string? ControlToken { get; init; }

    /// <summary>Only in the answer to its creation: the token that lets its holder listen, and nothing more.</summary>
    public string? ListenToken { get; init; }
}

/// <summary>Body of <c>GET /api/sessions</c>.</summary>
public sealed record SessionListResponse(IReadOnlyList<SessionResponse> Sessions);

/// <summary>Body of <c>POST /api/sessions/{id}/midi-event</c>.</summary>
public sealed record MidiEventRequest(IReadOnlyList<int>? Message, double? DelayMs);

/// <summary>Body of <c>PUT /api/sessions/{id}/channels/{name}</c>.</summary>
public sealed record ChannelValueRequest(double? Value);

/// <summary>A session description in the browser's <c>RTCSessionDescriptionInit</c> shape.</summary>
public sealed record SessionDescriptionMessage(string? Sdp, string? Type);

/// <summary>One listener's statistics; never its address, which belongs to the person listening.</summary>
public sealed record ListenerStatisticsResponse(
    string Id,
    string State,
    string? FailureReason,
    string? SrtpProfile,
    long PacketsSent,
    long OctetsSent,
    long ReceiverReports,
    double FractionLost,
    long PacketsLost,
    double JitterMs,
    double? RoundTripTimeMs)
{
    /// <summary>
    /// The RED (RFC 2198) redundancy distance this listener gets: 0 for plain Opus, 1 or 2 when its offer had RED.
    /// With RED every packet is a RED packet, so <see cref="PacketsLost"/> and <see cref="FractionLost"/> (from its
    /// receiver reports) count RED packets lost on the way, before RED repaired them; reordering and what RED
    /// recovered are seen only by the browser (its own statistics), never reported back.
    /// </summary>
    public int RedundancyDistance { get; init; }

    /// <summary>Earlier packets repeated inside RED packets to this listener, the redundancy it was sent.</summary>
    public long RedundantBlocksSent { get; init; }
}

/// <summary>Body of <c>GET /api/sessions/{id}/audio/stats</c>; the listeners only for the control token.</summary>
public sealed record AudioStatisticsResponse(
    string SessionId,
    string State,
    Orchestron.Streaming.Audio.StreamingAudioStatistics? Pipeline,
    IReadOnlyList<ListenerStatisticsResponse> Listeners)
{
    /// <summary>The session's note rate: its limit, what it accepted and refused, and whether it is held to it now.</summary>
    public NoteRateResponse? NoteOns { get; init; }

    /// <summary>The session's share of the render pool's CPU, while it renders there; null for sandboxed and local sessions.</summary>
    public CpuShareResponse? Cpu { get; init; }
}

/// <summary>A session's share of note-ons, in its audio statistics.</summary>
/// <param name="PerSecond">Note-ons the session accepts per second; 0 when unlimited.</param>
/// <param name="Accepted">Note-ons accepted since the session was created.</param>
/// <param name="Refused">Note-ons refused with 429 since the session was created.</param>
/// <param name="Held">Whether a note-on was refused within the last five seconds: the session is being held to its rate.</param>
public sealed record NoteRateResponse(int PerSecond, long Accepted, long Refused, bool Held);
