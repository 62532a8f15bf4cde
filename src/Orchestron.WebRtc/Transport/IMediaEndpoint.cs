using System.Net;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// A peer registered on the shared UDP socket: the transport hands it the datagrams the demultiplexer routes to it
/// and a tick of the timer thread, and knows nothing else about it.
/// </summary>
/// <remarks>
/// The transport calls down into this interface, never up into the types that implement it, so it depends on no
/// session or listener type. What an endpoint makes of a datagram (a state change, a response) stays with it and
/// its owner.
/// </remarks>
internal interface IMediaEndpoint
{
    /// <summary>Handles one datagram routed here; runs on the receive thread.</summary>
    /// <param name="datagram">The datagram, valid only during the call; the endpoint may decrypt it in place.</param>
    /// <param name="remote">Where it came from; the same object for every datagram of one peer address.</param>
    /// <remarks>An exception is counted in <see cref="UdpMediaTransport.DatagramErrors"/> and costs this datagram only.</remarks>
    void OnDatagram(Span<byte> datagram, IPEndPoint remote);

    /// <summary>Runs the endpoint's timers (retransmission, deadlines); called on the timer thread once per interval.</summary>
    void OnTimer();
}
