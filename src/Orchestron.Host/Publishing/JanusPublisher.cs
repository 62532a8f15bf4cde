using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;
using Orchestron.Streaming;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Host.Publishing;

/// <summary>
/// Publishes sessions to the configured Janus servers: the host makes an <c>rtp</c> mountpoint per server through
/// Janus's API and forwards the session's encoded packets to it (<see cref="JanusViewers"/> lets browsers watch).
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

    /// <summary>Creates the publisher for the configured servers; nothing is contacted until the first publish.</summary>
    public JanusPublisher(OrchestronHostOptions options, SessionManager sessions, ILogger<JanusPublisher> logger)
    {
        _sessions = sessions;
        _adminKey = options.Janus.AdminKey;
        _logger = logger;
        _handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _nodes = [.. options.Janus.Urls.Select(url => new JanusNode(url, options.Janus.ApiSecret, _handler, logger))];
    }

    /// <summary>True when at least one Janus server is configured.</summary>
    public bool IsEnabled => _nodes.Count > 0;

    /// <summary>The configured servers, one connection each.</summary>
    internal IReadOnlyList<JanusNode> Nodes => _nodes;

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

    /// <summary>The session's publication, for its viewers.</summary>
    internal bool TryGetPublication(string id, [NotNullWhen(true)] out JanusPublication? publication) =>
        _publications.TryGetValue(id, out publication);

    /// <summary>The session's publication, if it has one.</summary>
    public JanusPublicationResponse? Describe(string id) =>
        _publications.TryGetValue(id, out var publication) ? Describe(publication) : null;

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

    /// <summary>Janus's failure as an API problem: 503 when it did not answer, 502 when it refused.</summary>
    internal static SessionException Problem(JanusException error) => new(
        error.IsUnreachable ? SessionProblem.Unavailable : SessionProblem.BadGateway,
        error.IsUnreachable ? "Janus unavailable" : "Janus refused the request",
        error.Message);

    private static JanusPublicationResponse Describe(JanusPublication publication) => new(
        publication.SessionId,
        [.. publication.Mountpoints.Select(m => new JanusMountpointResponse(
            m.Node.BaseUrl.AbsoluteUri, m.Id, m.RtpPort, m.RtcpPort, m.Forward.SrtpCrypto is not null, m.Forward.PacketsSent))]);

    /// <summary>Throws the 503 that says Janus is not configured.</summary>
    internal void RequireEnabled()
    {
        if (!IsEnabled)
        {
            throw new SessionException(
                SessionProblem.Unavailable, "Janus not configured", $"Set {JanusSettings.JanusUrls.EnvironmentVariable} to publish sessions to Janus.");
        }
    }

    private async Task<JanusMountpoint> CreateMountpointAsync(JanusNode node, string sessionId, ICsoundStream stream, CancellationToken cancellationToken)
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
            await node.DetachQuietlyAsync(handle).ConfigureAwait(false);
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
            await mountpoint.Node.DetachQuietlyAsync(mountpoint.Handle).ConfigureAwait(false);
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
}
