using System.Net;

namespace Orchestron.WebRtc.Turn;

/// <summary>
/// What carries a <see cref="TurnClient"/>'s datagrams to its server: a socket of the client's own
/// (<see cref="TurnSocketLink"/>), or a socket shared with other traffic whose receive loop hands the server's
/// datagrams to <see cref="TurnClient.OnServerDatagram"/>.
/// </summary>
internal interface ITurnServerLink : IDisposable
{
    /// <summary>The local address datagrams leave from.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram to the TURN server without blocking; false when it was dropped.</summary>
    bool Send(ReadOnlySpan<byte> datagram);
}
