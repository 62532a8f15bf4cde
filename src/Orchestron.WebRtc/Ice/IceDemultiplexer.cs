using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Ice;

/// <summary>
/// Routes datagrams arriving on the one shared UDP port to their listener: a STUN check by the local ufrag in its
/// USERNAME (the only thing a first contact carries), everything else by the remote endpoint a valid check bound.
/// </summary>
/// <typeparam name="TListener">The per-listener state the socket loop dispatches to.</typeparam>
public sealed class IceDemultiplexer<TListener>
    where TListener : class
{
    private const int MaxUfragBytes = IceCredentials.MaxLength;

    private readonly ConcurrentDictionary<string, TListener> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TListener>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<IPEndPoint, TListener> _byEndPoint = new();

    /// <summary>Creates an empty demultiplexer.</summary>
    public IceDemultiplexer() => _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of registered listeners.</summary>
    public int Count => _byUfrag.Count;

    /// <summary>Registers <paramref name="listener"/> under its local ufrag; false if the ufrag is taken.</summary>
    public bool Register(string localUfrag, TListener listener)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentNullException.ThrowIfNull(listener);
        return _byUfrag.TryAdd(localUfrag, listener);
    }

    /// <summary>
    /// Binds <paramref name="remote"/> to <paramref name="listener"/>, after that listener accepted a check from it;
    /// false when another listener holds it. First come keeps it until it unregisters: a check valid for one's own
    /// listener must not take over the address of someone else's.
    /// </summary>
    public bool BindEndPoint(IPEndPoint remote, TListener listener)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(listener);
        if (_byEndPoint.TryGetValue(remote, out var holder))
        {
            return ReferenceEquals(holder, listener);
        }

        var bound = _byEndPoint.GetOrAdd(new IPEndPoint(remote.Address, remote.Port), listener);
        return ReferenceEquals(bound, listener);
    }

    /// <summary>Removes <paramref name="listener"/> and every endpoint bound to it.</summary>
    public void Unregister(TListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        foreach (var pair in _byUfrag)
        {
            if (ReferenceEquals(pair.Value, listener))
            {
                _byUfrag.TryRemove(pair);
            }
        }

        foreach (var pair in _byEndPoint)
        {
            if (ReferenceEquals(pair.Value, listener))
            {
                _byEndPoint.TryRemove(pair);
            }
        }
    }

    /// <summary>
    /// Finds the listener for <paramref name="datagram"/> from <paramref name="remote"/>; false when none claims it
    /// (the datagram is then to be dropped).
    /// </summary>
    public bool TryRoute(ReadOnlySpan<byte> datagram, IPEndPoint remote, [NotNullWhen(true)] out TListener? listener)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (DatagramClassifier.Classify(datagram) == DatagramKind.Stun
            && StunMessageReader.TryParse(datagram, out var message)
            && message.TryGetAttribute(StunAttributeType.Username, out var username))
        {
            return TryFindByUsername(username, out listener);
        }

        return _byEndPoint.TryGetValue(remote, out listener);
    }

    private bool TryFindByUsername(ReadOnlySpan<byte> username, [NotNullWhen(true)] out TListener? listener)
    {
        listener = null;
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon > MaxUfragBytes)
        {
            return false;
        }

        Span<char> ufrag = stackalloc char[MaxUfragBytes];
        if (!Encoding.UTF8.TryGetChars(username[..colon], ufrag, out var charCount))
        {
            return false;
        }

        return _byUfragSpan.TryGetValue(ufrag[..charCount], out listener);
    }
}
