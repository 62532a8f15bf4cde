namespace Orchestron.Testing;

/// <summary>A running maximum that many threads raise at once without a lock.</summary>
public static class InterlockedMaximum
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> if that is larger; lock-free.</summary>
    /// <param name="target">The maximum so far.</param>
    /// <param name="value">A new reading.</param>
    public static void Raise(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
