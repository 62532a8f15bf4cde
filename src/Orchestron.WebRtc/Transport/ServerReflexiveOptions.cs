using System.Net;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// A STUN server through which the transport learns its server-reflexive address (what a NAT in front of the host
/// maps its UDP socket to) and offers it as a candidate.
/// </summary>
/// <param name="Server">The STUN server's UDP address.</param>
public sealed record ServerReflexiveOptions(IPEndPoint Server)
{
    /// <summary>
    /// How often the address is asked for again while the transport runs: it keeps the NAT's mapping alive (Linux
    /// forgets an unanswered UDP mapping after 30 s) and notices when it changes. 20 s by default; 1 s to 10 min.
    /// </summary>
    public TimeSpan RefreshPeriod { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one Binding request (with its retransmissions) may go unanswered; 5 s by default.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the periods.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server);
        if (RefreshPeriod < TimeSpan.FromSeconds(1) || RefreshPeriod > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshPeriod), RefreshPeriod, "The STUN refresh period is 1 s to 10 min.");
        }

        if (TransactionTimeout < TimeSpan.FromMilliseconds(100) || TransactionTimeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(TransactionTimeout), TransactionTimeout, "The STUN transaction timeout is 100 ms to 1 min.");
        }
    }
}
