namespace Orchestron.Host.Sessions;

/// <summary>
/// Lets at most <see cref="PerSecond"/> panics through per session in any one-second window. A panic is a
/// native call for every instrument number (a thousand by default), each taking Csound's API lock from the
/// render thread, so an unthrottled client could starve the session's audio.
/// </summary>
internal sealed class PanicThrottle(TimeProvider time)
{
    /// <summary>Panics allowed per second; a person pressing a panic button does not come close.</summary>
    public const int PerSecond = 5;

    private const long NotYet = long.MinValue;

    private readonly Lock _gate = new();
    private readonly long[] _recent = [.. Enumerable.Repeat(NotYet, PerSecond)];
    private int _next;

    /// <summary>The 429 for a panic past the rate: the notes are already off.</summary>
    public static SessionException Refusal() => new(
        SessionProblem.TooManyRequests, "Too many panics", $"A session takes at most {PerSecond} panics a second; the notes are already off.");

    /// <summary>Records a panic now, or returns false when the last second already had <see cref="PerSecond"/>.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            // The oldest of the last PerSecond panics: if it is less than a second old, this one is one too many.
            var oldest = _recent[_next];
            if (oldest != NotYet && time.GetElapsedTime(oldest, now) < TimeSpan.FromSeconds(1))
            {
                return false;
            }

            _recent[_next] = now;
            _next = (_next + 1) % PerSecond;
            return true;
        }
    }
}
