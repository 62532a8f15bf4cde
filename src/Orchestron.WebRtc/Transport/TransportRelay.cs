using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// The transport's relay on one TURN server for as long as the transport runs: allocates, offers the relayed and
/// server-reflexive candidates, withdraws them when the relay fails, and allocates anew after a pause (5 s,
/// doubling up to 2 min), each time with credentials made at that moment when the relay has a shared secret. A
/// server that restarted, forgot the allocation or refused its refresh thus costs the listeners on the old relay,
/// never the host's relay for good.
/// </summary>
internal sealed class TransportRelay : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(2);

    private readonly TurnRelayOptions _options;
    private readonly Func<TurnRelayOptions, TurnClient> _newClient;
    private readonly Action<IReadOnlyList<IceCandidate>> _offer;
    private readonly IPEndPoint _hostBase;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private TurnClient? _client;
    private string? _lastError;
    private long _allocations;

    public TransportRelay(
        TurnRelayOptions options, Func<TurnRelayOptions, TurnClient> newClient, Action<IReadOnlyList<IceCandidate>> offer, IPEndPoint hostBase, ILogger logger)
    {
        _options = options;
        _newClient = newClient;
        _offer = offer;
        _hostBase = hostBase;
        _logger = logger;
        Server = options.Server.Serialize();
    }

    /// <summary>The TURN server's socket address, to recognise its datagrams.</summary>
    public SocketAddress Server { get; }

    /// <summary>The client of the newest allocation (working or failed); null before the first.</summary>
    public TurnClient? Client => Volatile.Read(ref _client);

    /// <summary>Why the newest allocation failed, or could not be made; null while it works.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Allocations made, the first included: more than one means the relay was lost and made again.</summary>
    public long Allocations => Interlocked.Read(ref _allocations);

    /// <summary>The first allocation; whether it succeeds or not, later ones follow whenever the relay is lost.</summary>
    public async Task<TurnAllocation> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AllocateAsync(cancellationToken);
        }
        catch (TurnException)
        {
            RetryLater(FirstRetry);
            throw;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        Client?.Dispose();
    }

    private async Task<TurnAllocation> AllocateAsync(CancellationToken cancellationToken)
    {
        var client = _newClient(_options);
        Interlocked.Exchange(ref _client, client)?.Dispose();
        if (_stopping.IsCancellationRequested)
        {
            client.Dispose();
            throw new OperationCanceledException("The transport is stopping.");
        }

        try
        {
            var allocation = await client.AllocateAsync(cancellationToken);
            Interlocked.Increment(ref _allocations);
            Volatile.Write(ref _lastError, null);
            _offer([
                IceCandidate.ServerReflexive(allocation.MappedAddress, _hostBase),
                IceCandidate.Relayed(allocation.RelayedAddress, allocation.MappedAddress),
            ]);
            client.Failed += error =>
            {
                // Later answers offer the relay no more; listeners on it lose consent and fail on their own.
                Volatile.Write(ref _lastError, error.Message);
                _offer([]);
                _logger.LogError("The TURN relay at {Server} failed and is no longer offered; a new allocation follows in {Seconds} s: {Reason}",
                    _options.Server, FirstRetry.TotalSeconds, error.Message);
                RetryLater(FirstRetry);
            };
            _logger.LogInformation("TURN relay {Relayed} allocated at {Server} (seen as {Mapped})", allocation.RelayedAddress, _options.Server, allocation.MappedAddress);
            return allocation;
        }
        catch (TurnException error)
        {
            Volatile.Write(ref _lastError, error.Message);
            _logger.LogError("No TURN relay: {Reason}", error.Message);
            throw;
        }
    }

    private void RetryLater(TimeSpan delay)
    {
        _ = RetryAsync();

        async Task RetryAsync()
        {
            try
            {
                await Task.Delay(delay, _stopping.Token);
                await AllocateAsync(_stopping.Token);
            }
            catch (TurnException)
            {
                RetryLater(delay * 2 < LongestRetry ? delay * 2 : LongestRetry);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
            {
                // The transport stopped.
            }
        }
    }
}
