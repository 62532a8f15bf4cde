using System.Net;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// Keeps the transport's server-reflexive address current: one Binding request at start, then one every refresh
/// period for as long as the transport runs. A changed address replaces the old one; a failed refresh withdraws it
/// (a NAT that forgot the mapping would drop what a browser sends there) and the next refresh may bring it back.
/// </summary>
internal sealed class ServerReflexiveDiscovery : IDisposable
{
    private readonly StunBindingClient _client;
    private readonly ServerReflexiveOptions _options;
    private readonly Action<IPEndPoint?> _changed;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private IPEndPoint? _address;
    private string? _lastError;

    public ServerReflexiveDiscovery(StunBindingClient client, ServerReflexiveOptions options, Action<IPEndPoint?> changed, ILogger logger)
    {
        _client = client;
        _options = options;
        _changed = changed;
        _logger = logger;
    }

    /// <summary>The address the STUN server saw at its last answer; null before it or after a failed refresh.</summary>
    public IPEndPoint? Address => Volatile.Read(ref _address);

    /// <summary>Why the last request failed; null after an answer.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Asks once, then keeps asking in the background; the first failure is thrown, later ones are logged.</summary>
    public async Task<IPEndPoint> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var address = await _client.QueryAsync(_options.TransactionTimeout, cancellationToken);
            Update(address, null);
            return address;
        }
        catch (StunBindingException error)
        {
            Volatile.Write(ref _lastError, error.Message);
            throw;
        }
        finally
        {
            _ = RefreshLoopAsync();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
    }

    private async Task RefreshLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RefreshPeriod, token);
                var address = await _client.QueryAsync(_options.TransactionTimeout, token);
                Update(address, null);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (StunBindingException error)
            {
                if (Address is not null || LastError is null)
                {
                    _logger.LogError("The server-reflexive address is withdrawn: {Reason}", error.Message);
                }

                Update(null, error.Message);
            }
        }
    }

    private void Update(IPEndPoint? address, string? error)
    {
        Volatile.Write(ref _lastError, error);
        var previous = Interlocked.Exchange(ref _address, address);
        if (Equals(previous, address))
        {
            return;
        }

        if (address is not null)
        {
            _logger.LogInformation("Server-reflexive address {Address} (was {Previous})", address, previous?.ToString() ?? "none");
        }

        _changed(address);
    }
}
