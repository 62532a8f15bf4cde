using Orchestron.Host.Configuration;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Bounds the note-ons one session accepts: a bucket of one second's worth, refilled evenly. Every note-on
/// starts a voice whose cost is the render pool's, shared by every session, so a flood of held notes from one
/// client must be refused before it reaches Csound. Counts what it accepts and refuses, for the session's statistics.
/// </summary>
internal sealed class NoteOnLimiter(int perSecond, TimeProvider time)
{
    /// <summary>How long after a refusal the session still reports being held to its note rate.</summary>
    public static readonly TimeSpan HeldReportWindow = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private double _tokens = perSecond;
    private long _refilledAt = time.GetTimestamp();
    private long _lastRefusedAt = long.MinValue;
    private long _accepted;
    private long _refused;

    /// <summary>Note-ons per second; 0 when unlimited.</summary>
    public int PerSecond => perSecond;

    /// <summary>Note-ons accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Note-ons refused so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Whether a note-on was refused within the last <see cref="HeldReportWindow"/>.</summary>
    public bool IsHeld
    {
        get
        {
            var refusedAt = Interlocked.Read(ref _lastRefusedAt);
            return refusedAt != long.MinValue && time.GetElapsedTime(refusedAt) < HeldReportWindow;
        }
    }

    /// <summary>The 429 for a note-on past the rate: the next place frees within a second.</summary>
    public SessionException Refusal() => new(
        SessionProblem.TooManyRequests,
        "Too many notes",
        $"A session starts at most {perSecond} notes a second ({FairShareSettings.NoteOnsPerSecond.EnvironmentVariable}); this note-on was not played.")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>Takes one note-on's place, or returns false (and counts the refusal) when the last second's are used up.</summary>
    public bool TryAcquire()
    {
        if (perSecond == 0)
        {
            Interlocked.Increment(ref _accepted);
            return true;
        }

        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
            _refilledAt = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                _accepted++;
                return true;
            }

            _refused++;
            _lastRefusedAt = now;
            return false;
        }
    }
}
