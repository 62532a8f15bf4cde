using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Stun;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Transport;

// The backend's own ICE servers: a TURN relay and a STUN server-reflexive address on this transport's socket, for a
// host behind NAT. The rest of the transport sees them only as extra candidates and as datagrams unwrapped from the relay.
public sealed partial class UdpMediaTransport
{
    /// <summary>
    /// The client of the relay's newest allocation once <see cref="StartRelayAsync"/> was called; its state says
    /// whether the relay works now. A failed one is replaced by a new allocation after a pause.
    /// </summary>
    public TurnClient? Relay => Volatile.Read(ref _relayKeeper)?.Client;

    /// <summary>Why the relay's newest allocation failed or could not be made; null while it works or without a relay.</summary>
    public string? RelayError => Volatile.Read(ref _relayKeeper)?.LastError;

    /// <summary>Relay allocations made so far: more than one means the relay was lost and made again.</summary>
    public long RelayAllocations => Volatile.Read(ref _relayKeeper)?.Allocations ?? 0;

    /// <summary>
    /// The address the STUN server of <see cref="StartServerReflexiveAsync"/> saw this transport's socket as at its
    /// last answer; null without a STUN server, before its first answer, or after a refresh failed.
    /// </summary>
    public IPEndPoint? ServerReflexiveAddress => Volatile.Read(ref _reflexive)?.Address;

    /// <summary>Why the last Binding request to the STUN server failed; null while it answers.</summary>
    public string? ServerReflexiveError => Volatile.Read(ref _reflexive)?.LastError;

    /// <summary>
    /// Allocates a relayed address on a TURN server over this transport's own UDP socket, and advertises it (and the
    /// server-reflexive address the server saw, when it differs from every host candidate) in every later answer.
    /// Media and DTLS to a browser address for which an offer gave a candidate then travel through the relay.
    /// </summary>
    /// <exception cref="TurnException">The server refused, answered garbage or did not answer; the transport keeps serving its host candidates.</exception>
    /// <exception cref="InvalidOperationException">A relay was started already.</exception>
    public Task<TurnAllocation> StartRelayAsync(TurnRelayOptions relay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var keeper = new TransportRelay(
            relay,
            options =>
            {
                var (username, password) = options.CredentialsForAllocate();
                return new TurnClient(options.Server, _ => new TransportTurnLink(this, options.Server.Serialize()), username, password,
                    OnRelayedDatagram, options.Client, LoggerFactory.CreateLogger<TurnClient>());
            },
            _candidates.SetRelay,
            new IPEndPoint(Options.BindAddress, Port),
            _logger);
        if (Interlocked.CompareExchange(ref _relayKeeper, keeper, null) is not null)
        {
            throw new InvalidOperationException("This transport has a relay already.");
        }

        Volatile.Write(ref _relayServer, keeper.Server);
        return keeper.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Learns this transport's server-reflexive address from a STUN server over its own UDP socket (RFC 8489
    /// Binding), advertises it in every later answer while it holds, and asks again every
    /// <see cref="ServerReflexiveOptions.RefreshPeriod"/> for as long as the transport runs. Before each answer the
    /// transport sends one Binding indication towards each of the offer's UDP candidates, so that a NAT in front
    /// of the host lets that browser's checks to the server-reflexive address in.
    /// </summary>
    /// <returns>The address of the first answer.</returns>
    /// <exception cref="StunBindingException">
    /// The first request failed; the transport keeps asking in the background and serves its other candidates meanwhile.
    /// </exception>
    /// <exception cref="InvalidOperationException">A STUN server was given already.</exception>
    public Task<IPEndPoint> StartServerReflexiveAsync(ServerReflexiveOptions stun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stun);
        stun.Validate();
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var serverAddress = stun.Server.Serialize();
        var client = new StunBindingClient(stun.Server, datagram => _sender.Send(datagram, serverAddress));
        var discovery = new ServerReflexiveDiscovery(client, stun, _candidates.SetServerReflexive, LoggerFactory.CreateLogger<ServerReflexiveDiscovery>());
        if (Interlocked.CompareExchange(ref _reflexive, discovery, null) is not null)
        {
            throw new InvalidOperationException("This transport has a STUN server already.");
        }

        Volatile.Write(ref _stunClient, client);
        Volatile.Write(ref _stunServer, serverAddress);
        return discovery.StartAsync(_stopping.Token);
    }

    /// <summary>
    /// Sends one Binding indication (no answer expected, none given by a browser) from this transport's socket to
    /// <paramref name="candidate"/>, an address a browser's offer named, when the transport has a server-reflexive
    /// address: a NAT in front of the host then holds a mapping for that browser and lets its checks in.
    /// </summary>
    internal void OpenNatTowards(IPEndPoint candidate)
    {
        if (ServerReflexiveAddress is null)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[32];
        Span<byte> transactionId = stackalloc byte[StunConstants.TransactionIdLength];
        System.Security.Cryptography.RandomNumberGenerator.Fill(transactionId);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingIndication, transactionId);
        writer.AddFingerprint();
        _sender.Send(writer.WrittenSpan, candidate.Serialize());
    }

    /// <summary>
    /// Lets <paramref name="candidate"/>, an address a browser's offer named, reach this transport through the relay
    /// (a TURN permission and channel), without waiting; does nothing without a working relay. Failures are logged.
    /// </summary>
    internal void PermitThroughRelay(IPEndPoint candidate)
    {
        if (Relay is not { State: TurnClientState.Allocated } relay)
        {
            return;
        }

        _ = PermitAsync();

        async Task PermitAsync()
        {
            try
            {
                await relay.AddPeerAsync(candidate);
            }
            catch (Exception error) when (error is TurnException or InvalidOperationException or ObjectDisposedException)
            {
                _logger.LogWarning("No TURN permission for {Candidate}: {Reason}", candidate, error.Message);
            }
        }
    }

    // A datagram a browser sent to the relayed address, unwrapped from the receive buffer: routed as if it had come
    // from the browser directly, so that checks, DTLS and RTCP reach their listener and answers go back the same way.
    private void OnRelayedDatagram(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        var datagram = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data), data.Length);
        if (!_demultiplexer.TryRoute(datagram, peer, out var endpoint))
        {
            Interlocked.Increment(ref _datagramsDropped);
            return;
        }

        endpoint.OnDatagram(datagram, peer);
    }
}
