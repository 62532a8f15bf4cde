using System.Net;
using Orchestron.WebRtc.Ice;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// The candidates a transport advertises in every answer, kept as one immutable list that is replaced whole: its
/// host candidates, then the STUN server's server-reflexive address, then what the relay learnt. An address
/// offered once is not offered again (a TURN server also reports the server-reflexive address, and without NAT
/// it is a host candidate's).
/// </summary>
internal sealed class TransportCandidates
{
    private readonly IReadOnlyList<IceCandidate> _host;
    private readonly IPEndPoint _hostBase;
    private readonly Lock _gate = new();
    private IPEndPoint? _serverReflexive;
    private IReadOnlyList<IceCandidate> _relay = [];
    private IReadOnlyList<IceCandidate> _current;

    public TransportCandidates(UdpMediaTransportOptions options, int port)
    {
        _host = EnumerateHost(options, port);
        _hostBase = new IPEndPoint(options.BindAddress, port);
        _current = _host;
    }

    /// <summary>The candidates to advertise now.</summary>
    public IReadOnlyList<IceCandidate> Current => Volatile.Read(ref _current);

    /// <summary>Replaces the server-reflexive address the STUN server reported; null withdraws it.</summary>
    public void SetServerReflexive(IPEndPoint? address)
    {
        lock (_gate)
        {
            _serverReflexive = address;
            Publish();
        }
    }

    /// <summary>Replaces the candidates the relay learnt; empty withdraws them.</summary>
    public void SetRelay(IReadOnlyList<IceCandidate> candidates)
    {
        lock (_gate)
        {
            _relay = candidates;
            Publish();
        }
    }

    private void Publish()
    {
        List<IceCandidate> candidates = [.. _host];
        if (_serverReflexive is { } mapped)
        {
            AddUnlessOffered(candidates, IceCandidate.ServerReflexive(mapped, _hostBase));
        }

        foreach (var candidate in _relay)
        {
            AddUnlessOffered(candidates, candidate);
        }

        Volatile.Write(ref _current, candidates);

        static void AddUnlessOffered(List<IceCandidate> candidates, IceCandidate candidate)
        {
            if (!candidates.Any(offered => offered.Address.Equals(candidate.Address) && offered.Port == candidate.Port))
            {
                candidates.Add(candidate);
            }
        }
    }

    private static IReadOnlyList<IceCandidate> EnumerateHost(UdpMediaTransportOptions options, int port)
    {
        // A socket bound to one address is reachable only there, so that address is advertised even when it is loopback.
        var includeLoopback = options.IncludeLoopbackCandidates || IPAddress.IsLoopback(options.BindAddress);
        var candidateOptions = new HostCandidateOptions { IncludeLoopback = includeLoopback, IncludeIPv6 = false };
        foreach (var address in options.PublicAddresses)
        {
            candidateOptions.PublicAddresses.Add(address);
        }

        if (!options.BindAddress.Equals(IPAddress.Any))
        {
            return HostCandidateEnumerator.FromAddresses(port, [options.BindAddress], candidateOptions);
        }

        if (options.IncludeInterfaceCandidates)
        {
            return HostCandidateEnumerator.Enumerate(port, candidateOptions);
        }

        var addresses = options.IncludeLoopbackCandidates ? new[] { IPAddress.Loopback } : [];
        return HostCandidateEnumerator.FromAddresses(port, addresses, candidateOptions);
    }
}
