using System.Net;

namespace Orchestron.WebRtc.Turn;

/// <summary>What a TURN server allocated.</summary>
/// <param name="RelayedAddress">The relayed transport address peers send to: the relay candidate's address.</param>
/// <param name="MappedAddress">The client's address as the server saw it: a server-reflexive candidate's address.</param>
/// <param name="Lifetime">How long the allocation lives unless refreshed.</param>
public sealed record TurnAllocation(IPEndPoint RelayedAddress, IPEndPoint MappedAddress, TimeSpan Lifetime);
