namespace Orchestron.Host.Sessions;

/// <summary>
/// The session cap as slots: a create takes one before it compiles and gives it back if anything fails, and a
/// delete gives it back, so concurrent creates can never hold more than the cap between them.
/// </summary>
internal sealed class SessionCapacity(int maxSessions)
{
    private int _taken;

    /// <summary>The cap.</summary>
    public int MaxSessions { get; } = maxSessions;

    /// <summary>Slots held now.</summary>
    public int Taken => Volatile.Read(ref _taken);

    /// <summary>Takes a slot, or returns false when every slot is taken.</summary>
    public bool TryTake() => TryTake(MaxSessions);

    /// <summary>Takes a slot if fewer than <paramref name="limit"/> (and the cap) are taken; the check and the take are one step.</summary>
    public bool TryTake(int limit)
    {
        limit = Math.Min(limit, MaxSessions);
        var taken = Volatile.Read(ref _taken);
        while (taken < limit)
        {
            var seen = Interlocked.CompareExchange(ref _taken, taken + 1, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }

        return false;
    }

    /// <summary>Gives a slot back; once for each successful <see cref="TryTake"/>.</summary>
    public void Give() => Interlocked.Decrement(ref _taken);
}
