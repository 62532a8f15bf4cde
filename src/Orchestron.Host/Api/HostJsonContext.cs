using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestron.Host.Api;

/// <summary>Source-generated JSON for every type the host's endpoints read or write.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(RuntimeConfigResponse))]
[JsonSerializable(typeof(InstrumentListResponse))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionListResponse))]
[JsonSerializable(typeof(MidiEventRequest))]
[JsonSerializable(typeof(ChannelValueRequest))]
[JsonSerializable(typeof(SessionDescriptionMessage))]
[JsonSerializable(typeof(AudioStatisticsResponse))]
[JsonSerializable(typeof(Publishing.JanusPublicationResponse))]
[JsonSerializable(typeof(Publishing.JanusWatchResponse))]
public sealed partial class HostJsonContext : JsonSerializerContext;
