// Over 400 lines: one TURN allocation's life (allocate, refresh, permissions, channels, data) under one lock, all on the same transaction table.
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Turn;

/// <summary>Receives what a peer sent to the relayed address.</summary>
/// <param name="peer">The peer's address, as the TURN server saw it.</param>
/// <param name="data">The datagram; valid only during the call.</param>
public delegate void TurnDataHandler(IPEndPoint peer, ReadOnlySpan<byte> data);

/// <summary>
/// A TURN client over UDP (RFC 8656): allocates a relayed transport address with long-term credentials (TURN REST
/// credentials are long-term credentials too), answers the server's 401 challenge with its realm and nonce and a
/// 438 with the new nonce, installs permissions and channels for the peers it is told about and no others, keeps
/// all three alive, and carries data both ways as ChannelData.
/// </summary>
/// <remarks>
/// <para>
/// The public constructor gives the client a UDP socket of its own and a dedicated receive thread; the internal one
/// runs it over a socket shared with other traffic. Control requests (Allocate, Refresh,
/// CreatePermission, ChannelBind) are retransmitted as <see cref="StunRetransmissions"/> says, until
/// <see cref="TurnClientOptions.TransactionTimeout"/>; a server that refuses, answers only garbage or does not
/// answer ends in a <see cref="TurnException"/> naming it, and once allocated, a failed refresh puts the client in
/// <see cref="TurnClientState.Failed"/> and raises <see cref="Failed"/>. Nothing on the data path ever waits for
/// the server: <see cref="Send"/> is one non-blocking sendto and allocates nothing.
/// </para>
/// <para>
/// Success responses must carry a MESSAGE-INTEGRITY that verifies with the long-term key, so a forged answer
/// cannot install an allocation. Datagrams from anywhere but the server are dropped uncounted by any handler.
/// </para>
/// </remarks>
public sealed class TurnClient : IDisposable
{
    private const int BufferLength = StunConstants.MaxMessageLength;
    private const long DirectPathHoldMs = 10_000;

    private readonly ITurnServerLink _link;
    private readonly IPEndPoint _server;
    private readonly string _username;
    private readonly string _password;
    private readonly TurnClientOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPEndPoint, ushort> _channelsByPeer = new();
    private readonly ConcurrentDictionary<ushort, IPEndPoint> _peersByChannel = new();
    private readonly ConcurrentDictionary<SocketAddress, RelayRoute> _routesByAddress = new();
    private readonly HashSet<IPAddress> _permissions = [];
    private readonly byte[] _sendBuffer = new byte[BufferLength + TurnChannelData.HeaderLength];
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _closing = new();
    private Timer? _refreshTimer;
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;
    private int _nextChannel = TurnChannelData.FirstChannel;
    private long _ignoredDatagrams;
    private long _channelDataSent;
    private volatile TurnClientState _state = TurnClientState.Idle;

    /// <summary>Makes a client for <paramref name="server"/> on a socket bound to <paramref name="localAddress"/>.</summary>
    /// <param name="server">The TURN server's UDP address.</param>
    /// <param name="localAddress">The address to bind the client's socket to (port chosen by the system).</param>
    /// <param name="username">The long-term user name (for TURN REST credentials, "expiry:label").</param>
    /// <param name="password">The long-term password (for TURN REST credentials, the HMAC of the user name).</param>
    /// <param name="received">Called on the receive thread with each datagram a peer sent to the relay.</param>
    /// <param name="options">Timeouts and lifetimes; defaults when null.</param>
    /// <param name="logger">Where refresh failures are logged.</param>
    /// <exception cref="ArgumentOutOfRangeException">A period in <paramref name="options"/> is out of range.</exception>
    public TurnClient(
        IPEndPoint server, IPAddress localAddress, string username, string password, TurnDataHandler received,
        TurnClientOptions? options = null, ILogger? logger = null)
        : this(server, client => new TurnSocketLink(server, localAddress, client.OnServerDatagram), username, password, received, options, logger)
    {
    }

    /// <summary>
    /// Makes a client whose datagrams travel over <paramref name="link"/>, for a socket shared with other traffic:
    /// its owner hands every datagram from <paramref name="server"/> to <see cref="OnServerDatagram"/>.
    /// </summary>
    internal TurnClient(
        IPEndPoint server, Func<TurnClient, ITurnServerLink> link, string username, string password, TurnDataHandler received,
        TurnClientOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(received);
        _server = server;
        _username = username;
        _password = password;
        _options = options ?? new TurnClientOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        Received = received;
        _link = link(this);
    }

    /// <summary>Raised once when a refresh of an existing allocation, permission or channel fails.</summary>
    public event Action<TurnException>? Failed;

    /// <summary>Where the client stands.</summary>
    public TurnClientState State => _state;

    /// <summary>The allocation, once <see cref="AllocateAsync"/> succeeded.</summary>
    public TurnAllocation? Allocation { get; private set; }

    /// <summary>The client's own socket address (the host candidate a TURN server sees, before any NAT).</summary>
    public IPEndPoint LocalEndPoint => _link.LocalEndPoint;

    /// <summary>Datagrams ignored because they were neither a known transaction's answer nor ChannelData or a Data indication.</summary>
    public long IgnoredDatagrams => Interlocked.Read(ref _ignoredDatagrams);

    private TurnDataHandler Received { get; }

    /// <summary>
    /// Allocates a relayed UDP address: an unauthenticated Allocate to learn the realm and nonce from the 401
    /// challenge, then the authenticated one. Starts the refresh timer.
    /// </summary>
    /// <exception cref="TurnException">The server refused, answered garbage or nothing.</exception>
    public async Task<TurnAllocation> AllocateAsync(CancellationToken cancellationToken = default)
    {
        if (_state != TurnClientState.Idle)
        {
            throw new InvalidOperationException($"A TURN client allocates once; this one is {_state}.");
        }

        _state = TurnClientState.Allocating;
        try
        {
            var response = await RequestAsync(StunMessageType.AllocateRequest, "Allocate", AddAllocateAttributes, cancellationToken);
            var allocation = ReadAllocation(response);
            Allocation = allocation;
            _state = TurnClientState.Allocated;
            var period = TimeSpan.FromTicks(Math.Min(allocation.Lifetime.Ticks / 2, _options.RefreshPeriod.Ticks));
            _refreshTimer = new Timer(_ => _ = RefreshAllAsync(), null, period, period);
            return allocation;
        }
        catch
        {
            _state = TurnClientState.Failed;
            throw;
        }
    }

    /// <summary>
    /// Lets <paramref name="peer"/> send through the relay (a permission for its IP address) and binds it a channel,
    /// so that <see cref="Send"/> reaches it. Call it for each candidate of the remote peer, and for no other address.
    /// </summary>
    /// <exception cref="TurnException">The server refused or did not answer.</exception>
    public async Task AddPeerAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (_state != TurnClientState.Allocated)
        {
            throw new InvalidOperationException($"Peers are added to an allocated TURN client; this one is {_state}.");
        }

        await CreatePermissionAsync(peer.Address, cancellationToken);
        lock (_permissions)
        {
            _permissions.Add(peer.Address);
        }

        if (_channelsByPeer.ContainsKey(peer))
        {
            return;
        }

        var channel = (ushort)Interlocked.Increment(ref _nextChannel);
        if (channel > TurnChannelData.LastChannel)
        {
            throw new InvalidOperationException("This TURN client has bound every channel number.");
        }

        await BindChannelAsync(channel, peer, cancellationToken);
        _peersByChannel[channel] = peer;
        _channelsByPeer[peer] = channel;
        _routesByAddress[peer.Serialize()] = new RelayRoute(channel);
    }

    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="peer"/> through the relay as ChannelData. False, with
    /// nothing sent, when the peer has no channel (never added) or the client is not allocated. Never blocks.
    /// </summary>
    public bool Send(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        return _channelsByPeer.TryGetValue(peer, out var channel) && SendOnChannel(channel, data);
    }

    private bool SendOnChannel(ushort channel, ReadOnlySpan<byte> data)
    {
        if (_state != TurnClientState.Allocated)
        {
            return false;
        }

        lock (_sendLock)
        {
            var length = TurnChannelData.Write(channel, data, _sendBuffer);
            Interlocked.Increment(ref _channelDataSent);
            return _link.Send(_sendBuffer.AsSpan(0, length));
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> through the relay when <paramref name="peer"/> has a channel and has not been
    /// heard directly within <see cref="DirectPathHold"/>: true, with <paramref name="sent"/> saying whether it
    /// left, or false when the peer is none of the relay's or reaches the host directly.
    /// </summary>
    internal bool TrySendTo(SocketAddress peer, ReadOnlySpan<byte> data, out bool sent)
    {
        if (!_routesByAddress.TryGetValue(peer, out var route)
            || Environment.TickCount64 - Volatile.Read(ref route.LastDirectMs) < DirectPathHoldMs)
        {
            sent = false;
            return false;
        }

        sent = SendOnChannel(route.Channel, data);
        return true;
    }

    /// <summary>
    /// Notes that <paramref name="peer"/> was just heard on the host's own address, not through the relay: for
    /// <see cref="DirectPathHold"/> what goes to it leaves directly. A browser that reaches the host directly keeps
    /// checking and reporting on that path, so it keeps the direct path; one that stops falls back to the relay.
    /// </summary>
    internal void NoteHeardDirectly(SocketAddress peer)
    {
        if (_routesByAddress.TryGetValue(peer, out var route))
        {
            Volatile.Write(ref route.LastDirectMs, Environment.TickCount64);
        }
    }

    /// <summary>Channel data sent to peers, for telling which path media took.</summary>
    public long ChannelDataSent => Interlocked.Read(ref _channelDataSent);

    /// <summary>
    /// How long a peer heard directly is sent to directly rather than through the relay: longer than the 5 s a
    /// browser leaves at most between consent checks (RFC 7675) on the path it selected.
    /// </summary>
    public static TimeSpan DirectPathHold => TimeSpan.FromMilliseconds(DirectPathHoldMs);

    /// <summary>Ends the allocation (a Refresh with lifetime zero, not waited for long) and stops the client.</summary>
    public void Dispose()
    {
        if (_state == TurnClientState.Closed)
        {
            return;
        }

        var wasAllocated = _state == TurnClientState.Allocated;
        _state = TurnClientState.Closed;
        _refreshTimer?.Dispose();
        if (wasAllocated)
        {
            // Best effort, not waited for: the server frees the relay at once instead of after its lifetime.
            SendRequest(StunMessageType.RefreshRequest, RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength),
                (ref StunMessageWriter writer) => writer.AddUInt32(StunAttributeType.Lifetime, 0));
        }

        _closing.Cancel();
        _link.Dispose();
        _closing.Dispose();
    }

    private delegate void AttributeWriter(ref StunMessageWriter writer);

    private static void AddAllocateAttributes(ref StunMessageWriter writer)
    {
        // REQUESTED-TRANSPORT: UDP (17) and three reserved bytes.
        writer.AddUInt32(StunAttributeType.RequestedTransport, 17u << 24);
    }

    private TurnAllocation ReadAllocation(byte[] response)
    {
        StunMessageReader.TryParse(response, out var message);
        if (!message.TryGetXorAddress(StunAttributeType.XorRelayedAddress, out var relayed) || relayed is null)
        {
            throw new TurnException($"TURN server {_server} answered Allocate without an XOR-RELAYED-ADDRESS.");
        }

        message.TryGetXorMappedAddress(out var mapped);
        var lifetime = message.TryGetUInt32(StunAttributeType.Lifetime, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(10);
        return new TurnAllocation(relayed, mapped ?? LocalEndPoint, lifetime);
    }

    private Task CreatePermissionAsync(IPAddress address, CancellationToken cancellationToken) =>
        RequestAsync(StunMessageType.CreatePermissionRequest, "CreatePermission",
            (ref StunMessageWriter writer) => writer.AddXorAddress(StunAttributeType.XorPeerAddress, address, 0), cancellationToken);

    private Task BindChannelAsync(ushort channel, IPEndPoint peer, CancellationToken cancellationToken) =>
        RequestAsync(StunMessageType.ChannelBindRequest, "ChannelBind", (ref StunMessageWriter writer) =>
        {
            writer.AddUInt32(StunAttributeType.ChannelNumber, (uint)channel << 16);
            writer.AddXorAddress(StunAttributeType.XorPeerAddress, peer.Address, peer.Port);
        }, cancellationToken);

    // Refresh the allocation, every permission and every channel; the first failure ends the client's usefulness.
    private async Task RefreshAllAsync()
    {
        if (_state != TurnClientState.Allocated)
        {
            return;
        }

        try
        {
            var lifetime = (uint)_options.RequestedLifetime.TotalSeconds;
            await RequestAsync(StunMessageType.RefreshRequest, "Refresh",
                (ref StunMessageWriter writer) => writer.AddUInt32(StunAttributeType.Lifetime, lifetime), _closing.Token);
            IPAddress[] permissions;
            lock (_permissions)
            {
                permissions = [.. _permissions];
            }

            foreach (var address in permissions)
            {
                await CreatePermissionAsync(address, _closing.Token);
            }

            foreach (var (channel, peer) in _peersByChannel)
            {
                await BindChannelAsync(channel, peer, _closing.Token);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
        {
            // Closing: the client was disposed while a refresh was under way.
        }
        catch (TurnException error)
        {
            if (_state == TurnClientState.Allocated)
            {
                _state = TurnClientState.Failed;
                _logger.LogError("TURN relay at {Server} lost: {Reason}", _server, error.Message);
                Failed?.Invoke(error);
            }
        }
    }

    // One transaction, with the long-term credential dance: a 401 teaches realm and nonce, a 438 a new nonce; each
    // is answered once by repeating the request with credentials.
    private async Task<byte[]> RequestAsync(StunMessageType type, string name, AttributeWriter attributes, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await TransactAsync(type, name, attributes, cancellationToken);
            StunMessageReader.TryParse(response, out var message);
            var isError = (message.RawMessageType & 0x0110) == 0x0110;
            if (!isError)
            {
                if (_key is null || !message.HasMessageIntegrity || !message.VerifyMessageIntegrity(_key))
                {
                    throw new TurnException($"TURN server {_server} answered {name} without a valid MESSAGE-INTEGRITY; the answer is not trusted.");
                }

                return response;
            }

            message.TryGetErrorCode(out var code, out var reasonBytes);
            var reason = Encoding.UTF8.GetString(reasonBytes);
            var challenge = code == 401 && _key is null || code == 438;
            if (challenge && attempt < 2 && message.TryGetAttribute(StunAttributeType.Nonce, out var nonce))
            {
                if (code == 401)
                {
                    if (!message.TryGetAttribute(StunAttributeType.Realm, out var realm))
                    {
                        throw new TurnException($"TURN server {_server} challenged {name} with 401 but no REALM.", code);
                    }

                    _realm = Encoding.UTF8.GetString(realm);
                    _key = MD5.HashData(Encoding.UTF8.GetBytes($"{_username}:{_realm}:{_password}"));
                }

                _nonce = Encoding.UTF8.GetString(nonce);
                continue;
            }

            throw new TurnException($"TURN server {_server} refused {name}: {code} {reason}".TrimEnd(), code);
        }
    }

    private async Task<byte[]> TransactAsync(StunMessageType type, string name, AttributeWriter attributes, CancellationToken cancellationToken)
    {
        var transactionId = RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);
        var key = Convert.ToHexString(transactionId);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            var retransmissions = new StunRetransmissions(_options.TransactionTimeout);
            while (retransmissions.TryNext(out var wait))
            {
                SendRequest(type, transactionId, attributes);
                try
                {
                    return await answer.Task.WaitAsync(wait, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Sent again with the next wait, or the transaction fails.
                }
            }

            throw new TurnException(
                $"TURN server {_server} did not answer {name} within {_options.TransactionTimeout.TotalSeconds:0.#} s ({IgnoredDatagrams} datagrams that were no answer ignored).")
            { TimedOut = true };
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private void SendRequest(StunMessageType type, ReadOnlySpan<byte> transactionId, AttributeWriter attributes)
    {
        Span<byte> buffer = stackalloc byte[BufferLength];
        var writer = new StunMessageWriter(buffer, type, transactionId);
        attributes(ref writer);
        if (_key is not null)
        {
            writer.AddText(StunAttributeType.Username, _username);
            writer.AddText(StunAttributeType.Realm, _realm);
            writer.AddText(StunAttributeType.Nonce, _nonce);
            writer.AddMessageIntegrity(_key);
        }

        writer.AddFingerprint();
        _link.Send(writer.WrittenSpan);
    }

    /// <summary>
    /// Handles one datagram from the server: an answer to a pending request, or data from a peer (ChannelData or a
    /// Data indication) for the <see cref="TurnDataHandler"/>; anything else is counted in <see cref="IgnoredDatagrams"/>.
    /// </summary>
    internal void OnServerDatagram(ReadOnlySpan<byte> datagram)
    {
        if (TurnChannelData.TryRead(datagram, out var channel, out var data))
        {
            if (_peersByChannel.TryGetValue(channel, out var peer))
            {
                Received(peer, data);
                return;
            }
        }
        else if (StunMessageReader.TryParse(datagram, out var message))
        {
            if (message.MessageType == StunMessageType.DataIndication
                && message.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var peer) && peer is not null
                && message.TryGetAttribute(StunAttributeType.Data, out var payload))
            {
                Received(peer, payload);
                return;
            }

            if (_pending.TryGetValue(Convert.ToHexString(message.TransactionId), out var answer))
            {
                answer.TrySetResult(datagram.ToArray());
                return;
            }
        }

        Interlocked.Increment(ref _ignoredDatagrams);
    }
}

/// <summary>A peer's channel, and when it was last heard directly (milliseconds of <see cref="Environment.TickCount64"/>).</summary>
internal sealed class RelayRoute(ushort channel)
{
    public readonly ushort Channel = channel;
    public long LastDirectMs = long.MinValue / 2;
}

/// <summary>Where a <see cref="TurnClient"/> stands.</summary>
public enum TurnClientState
{
    /// <summary>Made, not yet allocating.</summary>
    Idle,

    /// <summary>An Allocate is under way.</summary>
    Allocating,

    /// <summary>The relay is up and refreshed.</summary>
    Allocated,

    /// <summary>The Allocate or a later refresh failed; nothing is sent any more.</summary>
    Failed,

    /// <summary>Disposed.</summary>
    Closed,
}
