using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestron.Host.Publishing;

/// <summary>Source-generated JSON for Janus's API, whose names are in snake case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JanusRequest))]
[JsonSerializable(typeof(JanusResponse))]
[JsonSerializable(typeof(JanusResponse[]))]
internal sealed partial class JanusJsonContext : JsonSerializerContext;
