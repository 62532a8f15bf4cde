using System.Diagnostics;

namespace Orchestron.WebRtc.Stun;

/// <summary>
/// When a STUN or TURN client over UDP sends a request again (RFC 8489 section 6.2.1): from 250 ms, doubling up to
/// 4 s, until the transaction's timeout, on the monotonic clock. The last wait is what is left of the timeout, and
/// less than a millisecond left ends the transaction: a timer cannot wait that little, and asking it to would make
/// each wait return at once, sending the request again in a tight loop until the wall clock passed the deadline.
/// </summary>
internal struct StunRetransmissions
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(1);

    private readonly TimeSpan _timeout;
    private readonly long _started;
    private TimeSpan _wait;

    /// <summary>A schedule for one transaction that may take <paramref name="timeout"/> in all, starting now.</summary>
    public StunRetransmissions(TimeSpan timeout)
    {
        _timeout = timeout;
        _started = Stopwatch.GetTimestamp();
        _wait = FirstWait;
    }

    /// <summary>
    /// How long to wait for an answer to the request about to be sent; false when the timeout is spent and the
    /// transaction has failed. Each call after the first doubles the wait, up to the cap.
    /// </summary>
    public bool TryNext(out TimeSpan wait)
    {
        var remaining = _timeout - Stopwatch.GetElapsedTime(_started);
        if (remaining < ShortestWait)
        {
            wait = TimeSpan.Zero;
            return false;
        }

        wait = _wait < remaining ? _wait : remaining;
        _wait = _wait < LongestWait / 2 ? _wait + _wait : LongestWait;
        return true;
    }
}
