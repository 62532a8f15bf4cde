using Orchestron.Host.Instruments;

namespace Orchestron.Host.Api;

/// <summary>The body of <c>GET /api/instruments</c>.</summary>
/// <param name="DefaultInstrument">The identifier of the instrument a session plays when none is named.</param>
/// <param name="Instruments">Every instrument, with its control channels.</param>
public sealed record InstrumentListResponse(string DefaultInstrument, IReadOnlyList<InstrumentInfo> Instruments);
