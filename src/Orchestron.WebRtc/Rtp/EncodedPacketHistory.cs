namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// The session's last few encoded Opus packets with their RTP timestamps, kept so that RTP redundancy
/// (RFC 2198) can repeat them in later packets without encoding anything twice.
/// </summary>
/// <remarks>
/// Each slot is a buffer of the largest Opus packet, allocated once, so recording a packet copies bytes and
/// allocates nothing. Not thread-safe: the pacer's thread records and the listeners it calls read.
/// </remarks>
internal sealed class EncodedPacketHistory
{
    /// <summary>The most packets kept: the greatest redundancy distance offered.</summary>
    internal const int Capacity = RedundancyDistance.Max;

    private readonly byte[][] _packets;
    private readonly int[] _lengths = new int[Capacity];
    private readonly uint[] _timestamps = new uint[Capacity];
    private int _newest = -1;
    private int _count;

    internal EncodedPacketHistory(int maxPacketSize)
    {
        _packets = new byte[Capacity][];
        for (var i = 0; i < Capacity; i++)
        {
            _packets[i] = new byte[maxPacketSize];
        }
    }

    /// <summary>How many packets are kept (0 until the first is recorded).</summary>
    internal int Count => _count;

    /// <summary>Keeps a copy of a packet that was just sent, forgetting the oldest.</summary>
    /// <param name="payload">The encoded packet.</param>
    /// <param name="rtpTimestamp">Its RTP timestamp.</param>
    internal void Record(ReadOnlySpan<byte> payload, uint rtpTimestamp)
    {
        if (payload.Length > _packets[0].Length)
        {
            // Too large to repeat; forgetting everything keeps the remembered packets consecutive.
            Clear();
            return;
        }

        _newest = (_newest + 1) % Capacity;
        payload.CopyTo(_packets[_newest]);
        _lengths[_newest] = payload.Length;
        _timestamps[_newest] = rtpTimestamp;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>Forgets every packet.</summary>
    internal void Clear()
    {
        _count = 0;
        _newest = -1;
    }

    /// <summary>The packet <paramref name="age"/> steps back (1 = the one sent last).</summary>
    /// <param name="age">1 to <see cref="Count"/>.</param>
    /// <param name="rtpTimestamp">Its RTP timestamp.</param>
    internal ReadOnlySpan<byte> Get(int age, out uint rtpTimestamp)
    {
        if (age < 1 || age > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, $"The history holds {_count} packets.");
        }

        var slot = (_newest - age + 1 + Capacity) % Capacity;
        rtpTimestamp = _timestamps[slot];
        return _packets[slot].AsSpan(0, _lengths[slot]);
    }
}
