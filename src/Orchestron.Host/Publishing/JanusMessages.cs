using System.Text.Json;

namespace Orchestron.Host.Publishing;

// The subset of Janus's HTTP API (janus.transport.http) and streaming plugin messages the host uses, as Janus 1.1
// spells them; JanusJsonContext writes the property names in snake case and leaves out nulls.

/// <summary>A request to Janus's core: create, attach, message, keepalive, detach, destroy.</summary>
internal sealed record JanusRequest(string Janus, string Transaction)
{
    public string? Apisecret { get; init; }

    public string? Plugin { get; init; }

    public JanusStreamingRequest? Body { get; init; }

    public JanusJsep? Jsep { get; init; }
}

/// <summary>A request to the streaming plugin (the <c>body</c> of a message).</summary>
internal sealed record JanusStreamingRequest(string Request)
{
    public long? Id { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? Secret { get; init; }

    public string? AdminKey { get; init; }

    public bool? IsPrivate { get; init; }

    public bool? Permanent { get; init; }

    public IReadOnlyList<JanusMountpointMedia>? Media { get; init; }

    public int? Srtpsuite { get; init; }

    public string? Srtpcrypto { get; init; }
}

/// <summary>One stream of an <c>rtp</c> mountpoint; port 0 lets Janus pick a free one and say which in its reply.</summary>
internal sealed record JanusMountpointMedia(string Type, string Mid, int Port, int Rtcpport, int Pt, string Codec, string? Fmtp);

/// <summary>An SDP offer or answer; <c>trickle: false</c> tells Janus the answer already holds every candidate.</summary>
internal sealed record JanusJsep(string Type, string Sdp)
{
    public bool? Trickle { get; init; }
}

/// <summary>Any reply or event from Janus's core.</summary>
internal sealed record JanusResponse
{
    public string? Janus { get; init; }

    public string? Transaction { get; init; }

    public long? SessionId { get; init; }

    public long? Sender { get; init; }

    public JanusIdData? Data { get; init; }

    public JanusError? Error { get; init; }

    public JanusPluginData? Plugindata { get; init; }

    public JanusJsep? Jsep { get; init; }

    public string? Reason { get; init; }
}

/// <summary>The id a create or attach returns.</summary>
internal sealed record JanusIdData(long Id);

/// <summary>A core error.</summary>
internal sealed record JanusError(int Code, string? Reason);

/// <summary>A plugin's reply or event.</summary>
internal sealed record JanusPluginData(string? Plugin, JanusStreamingResult? Data);

/// <summary>The streaming plugin's reply or event.</summary>
internal sealed record JanusStreamingResult
{
    public string? Streaming { get; init; }

    public int? ErrorCode { get; init; }

    public string? Error { get; init; }

    public JanusStreamInfo? Stream { get; init; }

    public JsonElement? Result { get; init; }
}

/// <summary>The mountpoint a create made, with the ports it bound.</summary>
internal sealed record JanusStreamInfo
{
    public IReadOnlyList<JanusBoundPort>? Ports { get; init; }
}

/// <summary>A port an <c>rtp</c> mountpoint listens on.</summary>
internal sealed record JanusBoundPort(string? Type, string? Mid, int? Port, int? RtcpPort);
