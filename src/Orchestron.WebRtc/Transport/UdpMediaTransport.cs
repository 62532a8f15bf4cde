using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Stun;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// The network end of WebRTC audio: one UDP socket shared by every listener of every session, with an
/// ICE-lite agent, a DTLS certificate, and the threads that receive datagrams and run timers.
/// </summary>
/// <remarks>
/// Datagrams are demultiplexed by their first byte (RFC 7983): STUN goes to the listener named by its
/// USERNAME, everything else to the listener whose checked path it came from. Anything else is dropped and
/// counted; a malformed datagram can never take the receive loop down. The transport knows its peers only as
/// <see cref="IMediaEndpoint"/>s: it hands them datagrams and timer ticks, sends what they give it, and tells
/// their owners that it is stopping through <see cref="Stopping"/>.
/// </remarks>
public sealed partial class UdpMediaTransport : IDisposable
{
    private const int ReceiveBufferSize = 2048;
    private const int SocketBufferBytes = 4 * 1024 * 1024;
    private const int MaxCachedEndPoints = 4096;

    private readonly Socket _socket;
    private readonly NonBlockingDatagramSender _sender;
    private readonly DtlsCertificate _certificate;
    private readonly IceDemultiplexer<IMediaEndpoint> _demultiplexer = new();
    private readonly ConcurrentDictionary<IMediaEndpoint, byte> _endpoints = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SocketAddress, IPEndPoint> _endPointCache = [];
    private readonly ILogger _logger;
    private readonly Thread _receiveThread;
    private readonly Thread _maintenanceThread;
    private readonly CancellationTokenSource _stopping = new();
    private long _datagramsReceived;
    private long _datagramsDropped;
    private long _datagramErrors;
    private int _disposed;
    private TransportRelay? _relayKeeper;
    private SocketAddress? _relayServer;
    private ServerReflexiveDiscovery? _reflexive;
    private StunBindingClient? _stunClient;
    private SocketAddress? _stunServer;
    private readonly TransportCandidates _candidates;

    /// <summary>Binds the UDP socket, makes the DTLS certificate, and starts receiving.</summary>
    /// <param name="options">Port, candidates and timers; validated here.</param>
    /// <param name="loggerFactory">Where diagnostics go; nothing is logged per media packet.</param>
    public UdpMediaTransport(UdpMediaTransportOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new UdpMediaTransportOptions();
        Options.Validate();
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger<UdpMediaTransport>();

        _certificate = DtlsCertificate.Generate();
        DtlsContext = new DtlsContext(_certificate);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
        };
        try
        {
            _socket.Bind(new IPEndPoint(Options.BindAddress, Options.UdpPort));
        }
        catch (SocketException error)
        {
            _socket.Dispose();
            DtlsContext.Dispose();
            _certificate.Dispose();
            throw new InvalidOperationException(
                $"Could not bind the WebRTC UDP socket to {Options.BindAddress}:{Options.UdpPort}: {error.Message}.", error);
        }

        _sender = new NonBlockingDatagramSender(_socket);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _candidates = new TransportCandidates(Options, Port);

        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "Orchestron WebRTC receive" };
        _maintenanceThread = new Thread(MaintenanceLoop) { IsBackground = true, Name = "Orchestron WebRTC timers" };
        _receiveThread.Start();
        _maintenanceThread.Start();
        _logger.LogInformation("WebRTC transport listening on UDP {Address}:{Port}", Options.BindAddress, Port);
    }

    /// <summary>The settings the server runs with.</summary>
    public UdpMediaTransportOptions Options { get; }

    /// <summary>The UDP port every listener uses.</summary>
    public int Port { get; }

    /// <summary>
    /// The candidates advertised in every answer: the host candidates, then the server-reflexive one
    /// <see cref="StartServerReflexiveAsync"/> keeps current, then those <see cref="StartRelayAsync"/> learnt.
    /// </summary>
    public IReadOnlyList<IceCandidate> LocalCandidates => _candidates.Current;

    /// <summary>The SHA-256 fingerprint of the server's DTLS certificate, as advertised in answers.</summary>
    public DtlsFingerprint Fingerprint => _certificate.Fingerprint;

    /// <summary>Datagrams received on the socket.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Datagrams that matched no listener or no protocol, and were dropped.</summary>
    public long DatagramsDropped => Interlocked.Read(ref _datagramsDropped);

    /// <summary>Datagrams the kernel would not take at once and that were dropped rather than wait for.</summary>
    public long DatagramsNotSent => _sender.Dropped;

    /// <summary>Datagrams whose handling failed with an error (logged and dropped; the server keeps serving).</summary>
    public long DatagramErrors => Interlocked.Read(ref _datagramErrors);

    /// <summary>Peers registered on the socket: the listeners of all sessions that have not left.</summary>
    public int EndpointCount => _endpoints.Count;

    /// <summary>True once <see cref="Dispose"/> has begun; nothing new can register.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal DtlsContext DtlsContext { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// Raised once when <see cref="Dispose"/> begins, while the socket can still send, so that the owners of
    /// registered endpoints can say goodbye to their peers (RTCP BYE, DTLS close_notify) and unregister them.
    /// </summary>
    public event EventHandler? Stopping;

    /// <summary>Stops receiving, closes the socket, and frees the certificate.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Stopping?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception error)
        {
            // An owner's fault must not keep the socket and threads alive.
            _logger.LogWarning(error, "A Stopping handler threw");
        }

        // Frees the relay on the server while the socket can still send.
        _relayKeeper?.Dispose();
        _reflexive?.Dispose();
        _stopping.Cancel();
        _socket.Dispose();
        _receiveThread.Join();
        _maintenanceThread.Join();
        DtlsContext.Dispose();
        _certificate.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Routes STUN checks whose USERNAME starts with <paramref name="localUfrag"/> to <paramref name="endpoint"/>, and ticks its timers.</summary>
    /// <exception cref="InvalidOperationException">The ufrag is taken (the offer can be retried) or the transport is stopping.</exception>
    internal void Register(string localUfrag, IMediaEndpoint endpoint)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!_demultiplexer.Register(localUfrag, endpoint))
        {
            throw new InvalidOperationException("ICE username fragment collision; retry the offer.");
        }

        _endpoints[endpoint] = 0;
    }

    /// <summary>Stops routing anything to <paramref name="endpoint"/>; safe to call more than once.</summary>
    internal void Unregister(IMediaEndpoint endpoint)
    {
        _demultiplexer.Unregister(endpoint);
        _endpoints.TryRemove(endpoint, out _);
    }

    /// <summary>
    /// Routes non-STUN datagrams from <paramref name="remote"/> to <paramref name="endpoint"/>, after it accepted a
    /// check from there; false when another live endpoint holds that address.
    /// </summary>
    internal bool BindEndPoint(IPEndPoint remote, IMediaEndpoint endpoint) => _demultiplexer.BindEndPoint(remote, endpoint);

    /// <summary>Sends one datagram without blocking or allocating; false when it was dropped.</summary>
    /// <remarks>A full buffer or an unreachable peer costs this datagram only; RTP and DTLS recover from loss.</remarks>
    /// <remarks>
    /// To a browser address the relay has a channel for, the datagram goes through the relay, unless that browser was
    /// heard directly within <see cref="TurnClient.DirectPathHold"/>.
    /// </remarks>
    internal bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress address) =>
        Relay is { } relay && relay.TrySendTo(address, datagram, out var sent) ? sent : _sender.Send(datagram, address);

    /// <summary>Sends to the TURN server itself.</summary>
    internal bool SendToRelayServer(ReadOnlySpan<byte> datagram, SocketAddress server) => _sender.Send(datagram, server);

    internal bool SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote) => SendTo(datagram, remote.Serialize());

    private void ReceiveLoop()
    {
        var buffer = new byte[ReceiveBufferSize];
        var address = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP error for an earlier send, or an oversized datagram: neither says anything about the next one.
                continue;
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _datagramsReceived);
            HandleDatagram(buffer.AsSpan(0, length), address);
        }
    }

    private void HandleDatagram(Span<byte> datagram, SocketAddress address)
    {
        try
        {
            if (_stunServer is { } stunServer && address.Equals(stunServer)
                && _stunClient!.TryTakeServerDatagram(datagram, countIgnored: _relayServer is null || !address.Equals(_relayServer)))
            {
                return;
            }

            if (_relayServer is { } relayServer && address.Equals(relayServer))
            {
                // Answers to the relay's requests and relayed datagrams, which come back through OnRelayedDatagram.
                Relay?.OnServerDatagram(datagram);
                return;
            }

            var remote = ResolveEndPoint(address);
            if (!_demultiplexer.TryRoute(datagram, remote, out var endpoint))
            {
                Interlocked.Increment(ref _datagramsDropped);
                return;
            }

            // A browser that reaches the host directly is answered directly, relay or not.
            Relay?.NoteHeardDirectly(address);
            endpoint.OnDatagram(datagram, remote);
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref _datagramErrors);
            _logger.LogDebug(error, "Dropped a datagram whose handling failed");
        }
    }

    /// <summary>Maps a received socket address to a stable endpoint object, allocating only for new peers.</summary>
    private IPEndPoint ResolveEndPoint(SocketAddress address)
    {
        if (_endPointCache.TryGetValue(address, out var known))
        {
            return known;
        }

        if (_endPointCache.Count >= MaxCachedEndPoints)
        {
            _endPointCache.Clear();
        }

        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
        _endPointCache[endPoint.Serialize()] = endPoint;
        return endPoint;
    }

    private void MaintenanceLoop()
    {
        var interval = Options.MaintenanceInterval;
        while (!_stopping.Token.WaitHandle.WaitOne(interval))
        {
            foreach (var pair in _endpoints)
            {
                try
                {
                    pair.Key.OnTimer();
                }
                catch (Exception error)
                {
                    _logger.LogWarning(error, "An endpoint's timer failed");
                }
            }
        }
    }
}
