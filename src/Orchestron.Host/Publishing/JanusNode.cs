using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace Orchestron.Host.Publishing;

/// <summary>
/// The host's connection to one Janus server's HTTP API: one Janus session of its own, kept alive, with one
/// long poll that receives the events of every handle attached in it.
/// </summary>
/// <remarks>
/// The streaming plugin answers mountpoint requests (create, destroy) at once, in the HTTP reply; a viewer's
/// watch and start are answered later, as events on the session's long poll, matched here by transaction. If
/// Janus restarts, its sessions are gone (error 458): the next request makes a new one.
/// </remarks>
internal sealed class JanusNode : IAsyncDisposable
{
    /// <summary>Janus ends a session after 60 s without a request; the long poll and this keepalive come well within.</summary>
    private static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private const int SessionNotFound = 458;
    private const int HandleNotFound = 459;

    private readonly HttpClient _http;
    private readonly string? _apiSecret;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JanusResponse>> _events = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _session;
    private Task? _poll;

    internal JanusNode(Uri baseUrl, string? apiSecret, HttpMessageHandler handler, ILogger logger)
    {
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _apiSecret = apiSecret;
        _logger = logger;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Raised on the event poll with a handle's id when Janus hung up its PeerConnection (ICE failed, DTLS closed,
    /// the browser went away) or detached it.
    /// </summary>
    internal event Action<JanusNode, long>? HandleEnded;

    /// <summary>The API's base URL, ending in a slash.</summary>
    internal Uri BaseUrl { get; }

    /// <summary>Where the session's RTP goes: the API host's IPv4 address, looked up once.</summary>
    internal async Task<IPAddress> MediaAddressAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(BaseUrl.Host, out var literal))
        {
            return literal.AddressFamily == AddressFamily.InterNetwork ? literal
                : throw new JanusException($"Janus at {BaseUrl} has an IPv6 address; the session's RTP socket is IPv4.", isUnreachable: false);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(BaseUrl.Host, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
            return addresses.FirstOrDefault() ?? throw new JanusException($"{BaseUrl.Host} has no IPv4 address.", isUnreachable: true);
        }
        catch (SocketException error)
        {
            throw new JanusException($"Could not look up {BaseUrl.Host}: {error.Message}", isUnreachable: true, error);
        }
    }

    /// <summary>Attaches a new handle to the streaming plugin.</summary>
    internal async Task<long> AttachAsync(CancellationToken cancellationToken)
    {
        var reply = await SessionRequestAsync(
            session => ($"{session}", new JanusRequest("attach", NewTransaction()) { Plugin = "janus.plugin.streaming" }),
            cancellationToken).ConfigureAwait(false);
        return reply.Data?.Id ?? throw Garbled("attach");
    }

    /// <summary>Detaches a handle; a handle already gone is not an error.</summary>
    internal async Task DetachAsync(long handle, CancellationToken cancellationToken)
    {
        try
        {
            await SessionRequestAsync(session => ($"{session}/{handle}", new JanusRequest("detach", NewTransaction())), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (JanusException error) when (error.Code is SessionNotFound or HandleNotFound)
        {
        }
    }

    /// <summary>Detaches a handle, logging rather than throwing when Janus cannot be reached: a cleanup step.</summary>
    internal async Task DetachQuietlyAsync(long handle)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await DetachAsync(handle, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is JanusException or OperationCanceledException)
        {
            _logger.LogDebug("Could not detach Janus handle {Handle} at {Janus}: {Error}", handle, BaseUrl, error.Message);
        }
    }

    /// <summary>Sends a plugin request the plugin answers at once (create, destroy, info) and returns its answer.</summary>
    /// <exception cref="JanusException">Janus or the plugin refused it.</exception>
    internal async Task<JanusStreamingResult> MessageAsync(long handle, JanusStreamingRequest body, CancellationToken cancellationToken)
    {
        var reply = await SessionRequestAsync(
            session => ($"{session}/{handle}", new JanusRequest("message", NewTransaction()) { Body = body }), cancellationToken)
            .ConfigureAwait(false);
        return PluginResult(reply, body.Request);
    }

    /// <summary>
    /// Sends a plugin request the plugin answers later (watch, start), and waits for that event on the long poll.
    /// </summary>
    internal async Task<(JanusStreamingResult Result, JanusJsep? Jsep)> MessageForEventAsync(
        long handle, JanusStreamingRequest body, JanusJsep? jsep, CancellationToken cancellationToken)
    {
        var transaction = NewTransaction();
        var arrived = new TaskCompletionSource<JanusResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _events[transaction] = arrived;
        try
        {
            var reply = await SessionRequestAsync(
                session => ($"{session}/{handle}", new JanusRequest("message", transaction) { Body = body, Jsep = jsep }), cancellationToken)
                .ConfigureAwait(false);
            var response = reply.Janus == "ack"
                ? await arrived.Task.WaitAsync(RequestTimeout, cancellationToken).ConfigureAwait(false)
                : reply;
            return (PluginResult(response, body.Request), response.Jsep);
        }
        catch (TimeoutException error)
        {
            throw new JanusException($"Janus at {BaseUrl} did not answer '{body.Request}' within {RequestTimeout.TotalSeconds:0} s.", isUnreachable: true, error);
        }
        finally
        {
            _events.TryRemove(transaction, out _);
        }
    }

    /// <summary>Ends the long poll and destroys the host's Janus session, which detaches its handles.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_poll is not null)
        {
            await _poll.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var session = Interlocked.Exchange(ref _session, 0);
        if (session != 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await PostAsync($"{session}", new JanusRequest("destroy", NewTransaction()), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is JanusException or OperationCanceledException)
            {
                // Janus ends the session itself once its keepalives stop.
            }
        }

        _http.Dispose();
        _stopping.Dispose();
        _sessionGate.Dispose();
    }

    private static string NewTransaction() => RandomNumberGenerator.GetHexString(12, lowercase: true);

    private JanusStreamingResult PluginResult(JanusResponse response, string request)
    {
        var result = response.Plugindata?.Data ?? throw Garbled(request);
        if (result.ErrorCode is { } code)
        {
            throw new JanusException($"Janus's streaming plugin at {BaseUrl} refused '{request}': {result.Error} ({code}).", isUnreachable: false) { Code = code };
        }

        return result;
    }

    private JanusException Garbled(string request) =>
        new($"Janus at {BaseUrl} sent an unexpected reply to '{request}'.", isUnreachable: false);

    /// <summary>Sends a request within the host's Janus session, making a new session once if Janus lost the old one.</summary>
    private async Task<JanusResponse> SessionRequestAsync(Func<long, (string Path, JanusRequest Request)> build, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (path, request) = build(session);
            return await PostAsync(path, request, cancellationToken).ConfigureAwait(false);
        }
        catch (JanusException error) when (error.Code == SessionNotFound)
        {
            Interlocked.CompareExchange(ref _session, 0, session);
            var (path, request) = build(await SessionAsync(cancellationToken).ConfigureAwait(false));
            return await PostAsync(path, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> SessionAsync(CancellationToken cancellationToken)
    {
        var session = Interlocked.Read(ref _session);
        if (session != 0)
        {
            return session;
        }

        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session = Interlocked.Read(ref _session);
            if (session == 0)
            {
                var reply = await PostAsync("", new JanusRequest("create", NewTransaction()), cancellationToken).ConfigureAwait(false);
                session = reply.Data?.Id ?? throw Garbled("create");
                Interlocked.Exchange(ref _session, session);
                _logger.LogInformation("Janus session {JanusSession} opened on {Janus}", session, BaseUrl);
                if (_poll is null || _poll.IsCompleted)
                {
                    _poll = Task.Run(PollAsync, CancellationToken.None);
                }
            }

            return session;
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>Receives the session's events (and so keeps it alive), handing each to whoever waits for its transaction.</summary>
    private async Task PollAsync()
    {
        var lastKeepalive = Environment.TickCount64;
        while (!_stopping.IsCancellationRequested)
        {
            var session = Interlocked.Read(ref _session);
            if (session == 0)
            {
                return;
            }

            try
            {
                var query = _apiSecret is null ? "?maxev=10" : "?maxev=10&apisecret=" + Uri.EscapeDataString(_apiSecret);
                var text = await _http.GetStringAsync(new Uri(BaseUrl, $"{session}{query}"), _stopping.Token).ConfigureAwait(false);

                // A list of events, or a single error object when Janus no longer knows the session.
                var events = text.TrimStart().StartsWith('[')
                    ? JsonSerializer.Deserialize(text, JanusJsonContext.Default.JanusResponseArray) ?? []
                    : [JsonSerializer.Deserialize(text, JanusJsonContext.Default.JanusResponse) ?? new JanusResponse()];
                foreach (var janusEvent in events)
                {
                    Dispatch(janusEvent, session);
                }

                if (Environment.TickCount64 - lastKeepalive > KeepaliveInterval.TotalMilliseconds)
                {
                    lastKeepalive = Environment.TickCount64;
                    await PostAsync($"{session}", new JanusRequest("keepalive", NewTransaction()), _stopping.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is HttpRequestException or JanusException or JsonException)
            {
                if (error is JanusException { Code: SessionNotFound })
                {
                    Interlocked.CompareExchange(ref _session, 0, session);
                    return;
                }

                _logger.LogWarning("Janus at {Janus}: event poll failed: {Error}", BaseUrl, error.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Dispatch(JanusResponse janusEvent, long session)
    {
        if (janusEvent.Janus == "error" && janusEvent.Error?.Code == SessionNotFound)
        {
            Interlocked.CompareExchange(ref _session, 0, session);
            return;
        }

        if (janusEvent.Transaction is { } transaction && _events.TryGetValue(transaction, out var waiting))
        {
            waiting.TrySetResult(janusEvent);
        }
        else if (janusEvent.Janus is "hangup" or "detached" && janusEvent.Sender is { } handle)
        {
            HandleEnded?.Invoke(this, handle);
        }
    }

    private async Task<JanusResponse> PostAsync(string path, JanusRequest request, CancellationToken cancellationToken)
    {
        request = request with { Apisecret = _apiSecret };
        JanusResponse? reply;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            using var response = await _http.PostAsJsonAsync(new Uri(BaseUrl, path), request, JanusJsonContext.Default.JanusRequest, timeout.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new JanusException($"Janus at {BaseUrl} answered '{request.Janus}' with HTTP {(int)response.StatusCode}.", isUnreachable: false);
            }

            reply = await response.Content.ReadFromJsonAsync(JanusJsonContext.Default.JanusResponse, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new JanusException($"Janus at {BaseUrl} is unreachable: {error.Message}", isUnreachable: true, error);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JanusException($"Janus at {BaseUrl} did not answer '{request.Janus}' within {RequestTimeout.TotalSeconds:0} s.", isUnreachable: true, error);
        }
        catch (JsonException error)
        {
            throw new JanusException($"Janus at {BaseUrl} sent a reply that is not Janus JSON.", isUnreachable: false, error);
        }

        if (reply is null)
        {
            throw Garbled(request.Janus);
        }

        if (reply.Janus == "error")
        {
            throw new JanusException(
                $"Janus at {BaseUrl} refused '{request.Janus}': {reply.Error?.Reason} ({reply.Error?.Code}).", isUnreachable: false) { Code = reply.Error?.Code };
        }

        return reply;
    }
}
