namespace Orchestron.WebRtc.Turn;

/// <summary>
/// A TURN server refused a request, answered something unusable, or did not answer in time. The message names the
/// server, the request and what went wrong, ready for a log line.
/// </summary>
public sealed class TurnException : Exception
{
    /// <summary>Makes the exception.</summary>
    /// <param name="message">What went wrong, naming server and request.</param>
    /// <param name="errorCode">The server's STUN error code (401, 403, 437, 441, 486, 508, ...); 0 when it gave none.</param>
    public TurnException(string message, int errorCode = 0)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The server's STUN error code, or 0 when there was none (timeout, garbage).</summary>
    public int ErrorCode { get; }

    /// <summary>Whether the server never gave a usable answer (as opposed to refusing with an error code).</summary>
    public bool TimedOut { get; init; }
}
