namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// The 64-packet sliding replay window of RFC 3711 section 3.3.2 over a packet index: bit k of the mask is
/// set when the index <c>Highest - k</c> has been accepted.
/// </summary>
internal struct SrtpReplayWindow
{
    private const int Size = 64;

    private bool _started;
    private ulong _highest;
    private ulong _mask;

    /// <summary>Whether any index has been accepted yet.</summary>
    public readonly bool HasStarted => _started;

    /// <summary>The highest accepted index; meaningful once <see cref="HasStarted"/>.</summary>
    public readonly ulong Highest => _highest;

    /// <summary>True when <paramref name="index"/> is newer than the window or inside it and not yet seen.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!_started || index > _highest)
        {
            return true;
        }

        var age = _highest - index;
        return age < Size && (_mask & (1UL << (int)age)) == 0;
    }

    /// <summary>Records <paramref name="index"/> as received; call only after the packet authenticated.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _mask = 1;
            return;
        }

        if (index > _highest)
        {
            var shift = index - _highest;
            _mask = shift >= Size ? 1 : (_mask << (int)shift) | 1;
            _highest = index;
            return;
        }

        var age = _highest - index;
        if (age < Size)
        {
            _mask |= 1UL << (int)age;
        }
    }
}
