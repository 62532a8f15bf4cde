using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;
using Orchestron.Streaming;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Host.Publishing;

/// <summary>
/// Publishes sessions to the configured Janus servers and lets browsers watch them there: the host makes an
/// <c>rtp</c> mountpoint per server through Janus's API and forwards the session's encoded packets to it, and
/// it carries each browser's watch negotiation, so Janus's API and its secret stay private to the host.
/// </summary>
public sealed class JanusPublisher : IAsyncDisposable
{
    private const int OpusPayloadType = 111;

    private readonly IReadOnlyList<JanusNode> _nodes;
    private readonly SessionManager _sessions;
    private readonly string? _adminKey;
    private readonly ILogger _logger;
    private readonly HttpMessageHandler _handler;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, JanusPublication> _publications = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JanusViewer> _viewers = new(StringComparer.Ordinal);
    private int _nextNode;

    /// <summary>Creates the publisher for the configured servers; nothing is contacted until the first publish.</summary>
    public JanusPublisher(OrchestronHostOptions options, SessionManager sessions, ILogger<JanusPublisher> logger)
    {
        _sessions = sessions;
        _adminKey = options.Janus.AdminKey;
        _logger = logger;
        _handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _nodes = [.. options.Janus.Urls.Select(url => new JanusNode(url, options.Janus.ApiSecret, _handler, logger))];
        foreach (var node in _nodes)
        {
            node.HandleEnded += OnHandleEnded;
        }
    }

    /// <summary>True when at least one Janus server is configured.</summary>
    public bool IsEnabled => _nodes.Count > 0;

    /// <summary>Browsers watching through Janus that the host knows of.</summary>
    internal int ViewerCount => _viewers.Count;

    /// <summary>
    /// Publishes the running session to every configured Janus server; publishing it again returns the existing
    /// publication. The session is then encoded and forwarded for as long as it stays published, with or without
    /// direct listeners.
    /// </summary>
    public async Task<JanusPublicationResponse> PublishAsync(string id, CancellationToken cancellationToken)
    {
        RequireEnabled();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = _sessions.RunningStream(id);
            if (_publications.TryGetValue(id, out var existing))
            {
                if (ReferenceEquals(existing.Stream, stream))
                {
                    return Describe(existing);
                }

                // The session was restarted: its old stream and forwards are gone, its mountpoints are not.
                await RemoveAsync(existing).ConfigureAwait(false);
            }

            var mountpoints = new List<JanusMountpoint>();
            try
            {
                foreach (var node in _nodes)
                {
                    mountpoints.Add(await CreateMountpointAsync(node, id, stream, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (JanusException error)
            {
                await RemoveAsync(new JanusPublication(id, stream, mountpoints)).ConfigureAwait(false);
                throw Problem(error);
            }

            var publication = new JanusPublication(id, stream, mountpoints);
            _publications[id] = publication;
            _logger.LogInformation("Session {Session} published to {Count} Janus server(s)", id, mountpoints.Count);
            return Describe(publication);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the session's forwards and destroys its mountpoints, which ends every Janus viewer's stream.</summary>
    public async Task UnpublishAsync(string id, CancellationToken cancellationToken)
    {
        _sessions.Get(id);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_publications.TryRemove(id, out var publication))
            {
                throw new SessionException(SessionProblem.NotFound, "Not published", "The session is not published to Janus.");
            }

            await RemoveAsync(publication).ConfigureAwait(false);
            _logger.LogInformation("Session {Session} unpublished from Janus", id);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The session's publication, if it has one.</summary>
    public JanusPublicationResponse? Describe(string id) =>
        _publications.TryGetValue(id, out var publication) ? Describe(publication) : null;

    /// <summary>Starts a viewer on one of the session's mountpoints (in turn) and returns Janus's offer.</summary>
    public async Task<JanusWatchResponse> WatchAsync(string id, CancellationToken cancellationToken)
    {
        RequireEnabled();
        _sessions.RunningStream(id);
        if (!_publications.TryGetValue(id, out var publication) || publication.Mountpoints.Count == 0)
        {
            throw SessionException.Conflict("Not published", "The session is not published to Janus; listen directly instead.");
        }

        var mountpoint = publication.Mountpoints[(int)((uint)Interlocked.Increment(ref _nextNode) % publication.Mountpoints.Count)];
        long? handle = null;
        try
        {
            handle = await mountpoint.Node.AttachAsync(cancellationToken).ConfigureAwait(false);
            var (_, jsep) = await mountpoint.Node.MessageForEventAsync(
                handle.Value, new JanusStreamingRequest("watch") { Id = mountpoint.Id }, null, cancellationToken).ConfigureAwait(false);
            if (jsep is not { Type: "offer" })
            {
                throw new JanusException($"Janus at {mountpoint.Node.BaseUrl} sent no offer for the mountpoint.", isUnreachable: false);
            }

            var viewer = new JanusViewer(RandomNumberGenerator.GetHexString(32, lowercase: true), id, mountpoint.Node, handle.Value);
            _viewers[viewer.Id] = viewer;
            return new JanusWatchResponse(viewer.Id, jsep.Sdp, "offer");
        }
        catch (JanusException error)
        {
            if (handle is { } attached)
            {
                await DetachQuietlyAsync(mountpoint.Node, attached).ConfigureAwait(false);
            }

            throw Problem(error);
        }
    }

    /// <summary>
    /// Hands the browser's answer to Janus, which then starts the viewer's media. The answer must carry its
    /// candidates (the client sends it once gathering is complete): nothing trickles through the host.
    /// </summary>
    public async Task AnswerAsync(string id, string viewerId, string answerSdp, CancellationToken cancellationToken)
    {
        var viewer = FindViewer(id, viewerId);
        try
        {
            await viewer.Node.MessageForEventAsync(
                viewer.Handle, new JanusStreamingRequest("start"), new JanusJsep("answer", answerSdp) { Trickle = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (JanusException error)
        {
            throw Problem(error);
        }
    }

    /// <summary>Ends a viewer: its handle is detached, which hangs up its PeerConnection.</summary>
    public async Task LeaveAsync(string id, string viewerId)
    {
        var viewer = FindViewer(id, viewerId);
        _viewers.TryRemove(viewer.Id, out _);
        await DetachQuietlyAsync(viewer.Node, viewer.Handle).ConfigureAwait(false);
    }

    /// <summary>Unpublishes sessions that stopped or were deleted (their forwards died with their streams).</summary>
    /// <returns>How many publications were removed.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var publication in _publications.Values)
        {
            var current = _sessions.Sessions.FirstOrDefault(session => session.Id == publication.SessionId)?.Stream;
            if (ReferenceEquals(current, publication.Stream))
            {
                continue;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_publications.TryRemove(new KeyValuePair<string, JanusPublication>(publication.SessionId, publication)))
                {
                    await RemoveAsync(publication).ConfigureAwait(false);
                    removed++;
                    _logger.LogInformation("Session {Session} stopped; its Janus mountpoints are removed", publication.SessionId);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        foreach (var viewer in _viewers.Values.Where(viewer => !_publications.ContainsKey(viewer.SessionId)))
        {
            if (_viewers.TryRemove(viewer.Id, out _))
            {
                await DetachQuietlyAsync(viewer.Node, viewer.Handle).ConfigureAwait(false);
            }
        }

        return removed;
    }

    /// <summary>Removes every mountpoint and closes the host's Janus sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var publication in _publications.Values)
        {
            await RemoveAsync(publication).ConfigureAwait(false);
        }

        _publications.Clear();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        _handler.Dispose();
        _gate.Dispose();
    }

    /// <summary>
    /// A viewer whose PeerConnection Janus hung up (a browser that closed without leaving, say) is forgotten and its
    /// handle detached, so viewers that left never pile up on the host or on Janus.
    /// </summary>
    private void OnHandleEnded(JanusNode node, long handle)
    {
        var viewer = _viewers.Values.FirstOrDefault(candidate => ReferenceEquals(candidate.Node, node) && candidate.Handle == handle);
        if (viewer is not null && _viewers.TryRemove(viewer.Id, out _))
        {
            _ = DetachQuietlyAsync(node, handle);
        }
    }

    private static SessionException Problem(JanusException error) => new(
        error.IsUnreachable ? SessionProblem.Unavailable : SessionProblem.BadGateway,
        error.IsUnreachable ? "Janus unavailable" : "Janus refused the request",
        error.Message);

    private static JanusPublicationResponse Describe(JanusPublication publication) => new(
        publication.SessionId,
        [.. publication.Mountpoints.Select(m => new JanusMountpointResponse(
            m.Node.BaseUrl.AbsoluteUri, m.Id, m.RtpPort, m.RtcpPort, m.Forward.SrtpCrypto is not null, m.Forward.PacketsSent))]);

    private void RequireEnabled()
    {
        if (!IsEnabled)
        {
            throw new SessionException(
                SessionProblem.Unavailable, "Janus not configured", $"Set {JanusSettings.JanusUrls.EnvironmentVariable} to publish sessions to Janus.");
        }
    }

    private JanusViewer FindViewer(string id, string viewerId)
    {
        _sessions.Get(id);
        return _viewers.TryGetValue(viewerId, out var viewer) && viewer.SessionId == id
            ? viewer
            : throw new SessionException(SessionProblem.NotFound, "Viewer not found", "The session has no such Janus viewer.");
    }

    private async Task<JanusMountpoint> CreateMountpointAsync(JanusNode node, string sessionId, CsoundWebRtcStream stream, CancellationToken cancellationToken)
    {
        var address = await node.MediaAddressAsync(cancellationToken).ConfigureAwait(false);
        var handle = await node.AttachAsync(cancellationToken).ConfigureAwait(false);
        var key = RandomNumberGenerator.GetBytes(RtpForward.MasterKeyAndSaltLength);
        try
        {
            // Janus ids are integers that browsers' JSON reads exactly only below 2^53; 31 random bits are plenty.
            var mountpointId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
            var secret = RandomNumberGenerator.GetHexString(32, lowercase: true);
            var created = await node.MessageAsync(handle, new JanusStreamingRequest("create")
            {
                Type = "rtp",
                Id = mountpointId,
                Description = "Orchestron session " + sessionId[..8],
                Secret = secret,
                AdminKey = _adminKey,
                IsPrivate = true,
                Permanent = false,
                Media = [new JanusMountpointMedia("audio", "a", 0, 0, OpusPayloadType, "opus", "stereo=1;sprop-stereo=1")],
                Srtpsuite = RtpForward.SrtpSuite,
                Srtpcrypto = Convert.ToBase64String(key),
            }, cancellationToken).ConfigureAwait(false);
            try
            {
                var ports = created.Stream?.Ports?.FirstOrDefault(port => port.Mid == "a");
                if (ports is not { Port: > 0, RtcpPort: > 0 })
                {
                    throw new JanusException($"Janus at {node.BaseUrl} created the mountpoint but did not say which ports it bound.", isUnreachable: false);
                }

                var forward = stream.AddForward(new RtpForwardOptions
                {
                    RtpEndPoint = new IPEndPoint(address, ports.Port.Value),
                    RtcpEndPoint = new IPEndPoint(address, ports.RtcpPort.Value),
                    PayloadType = OpusPayloadType,
                    SrtpMasterKeyAndSalt = key,
                });
                return new JanusMountpoint(node, handle, mountpointId, secret, ports.Port.Value, ports.RtcpPort.Value, forward);
            }
            catch
            {
                // The mountpoint exists but will get no forward: it must not outlive the failed publish.
                await DestroyQuietlyAsync(node, handle, mountpointId, secret).ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await DetachQuietlyAsync(node, handle).ConfigureAwait(false);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Stops the forwards first (the host's part, which cannot fail), then asks each server to destroy its mountpoint.</summary>
    private async Task RemoveAsync(JanusPublication publication)
    {
        foreach (var mountpoint in publication.Mountpoints)
        {
            publication.Stream.RemoveForward(mountpoint.Forward);
        }

        foreach (var mountpoint in publication.Mountpoints)
        {
            await DestroyQuietlyAsync(mountpoint.Node, mountpoint.Handle, mountpoint.Id, mountpoint.Secret).ConfigureAwait(false);
            await DetachQuietlyAsync(mountpoint.Node, mountpoint.Handle).ConfigureAwait(false);
        }
    }

    private async Task DestroyQuietlyAsync(JanusNode node, long handle, long mountpointId, string secret)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await node.MessageAsync(handle, new JanusStreamingRequest("destroy") { Id = mountpointId, Secret = secret }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception error) when (error is JanusException or OperationCanceledException)
        {
            // Without a forward the mountpoint is silent; Janus keeps it until it restarts.
            _logger.LogWarning("Could not destroy Janus mountpoint {Mountpoint} at {Janus}: {Error}", mountpointId, node.BaseUrl, error.Message);
        }
    }

    private async Task DetachQuietlyAsync(JanusNode node, long handle)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await node.DetachAsync(handle, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is JanusException or OperationCanceledException)
        {
            _logger.LogDebug("Could not detach Janus handle {Handle} at {Janus}: {Error}", handle, node.BaseUrl, error.Message);
        }
    }
}
