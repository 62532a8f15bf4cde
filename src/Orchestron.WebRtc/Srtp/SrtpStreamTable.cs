namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// A bounded set of <see cref="SrtpStream"/>s found by SSRC, so a peer cannot grow memory by inventing SSRCs
/// and a steady stream finds its state without allocating.
/// </summary>
internal sealed class SrtpStreamTable(int capacity)
{
    private readonly SrtpStream[] _streams = new SrtpStream[capacity];
    private int _count;
    private int _lastHit;

    public bool IsFull => _count == _streams.Length;

    public SrtpStream? Find(uint ssrc)
    {
        if (_count > 0 && _streams[_lastHit].Ssrc == ssrc)
        {
            return _streams[_lastHit];
        }

        for (var i = 0; i < _count; i++)
        {
            if (_streams[i].Ssrc == ssrc)
            {
                _lastHit = i;
                return _streams[i];
            }
        }

        return null;
    }

    /// <summary>Adds a stream for <paramref name="ssrc"/>; the caller has checked <see cref="IsFull"/>.</summary>
    public SrtpStream Add(uint ssrc)
    {
        var stream = new SrtpStream(ssrc);
        _streams[_count] = stream;
        _lastHit = _count;
        _count++;
        return stream;
    }
}
