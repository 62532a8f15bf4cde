using System.Collections.Concurrent;
using System.Security.Cryptography;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Publishing;

/// <summary>
/// Browsers listening through Janus: the host carries Janus's watch flow (Janus offers, the browser answers), so
/// browsers never need Janus's API or its secret, and each viewer is a streaming-plugin handle of the host's.
/// </summary>
public sealed class JanusViewers
{
    private readonly JanusPublisher _publisher;
    private readonly SessionManager _sessions;
    private readonly ConcurrentDictionary<string, JanusViewer> _viewers = new(StringComparer.Ordinal);
    private int _nextMountpoint;

    /// <summary>Creates the viewer registry over the publisher's servers.</summary>
    public JanusViewers(JanusPublisher publisher, SessionManager sessions)
    {
        _publisher = publisher;
        _sessions = sessions;
        foreach (var node in publisher.Nodes)
        {
            node.HandleEnded += OnHandleEnded;
        }
    }

    /// <summary>Browsers watching through Janus that the host knows of.</summary>
    internal int ViewerCount => _viewers.Count;

    /// <summary>Starts a viewer on one of the session's mountpoints (in turn) and returns Janus's offer.</summary>
    public async Task<JanusWatchResponse> WatchAsync(string id, CancellationToken cancellationToken)
    {
        _publisher.RequireEnabled();
        _sessions.RunningStream(id);
        if (!_publisher.TryGetPublication(id, out var publication) || publication.Mountpoints.Count == 0)
        {
            throw SessionException.Conflict("Not published", "The session is not published to Janus; listen directly instead.");
        }

        var mountpoint = publication.Mountpoints[(int)((uint)Interlocked.Increment(ref _nextMountpoint) % publication.Mountpoints.Count)];
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
                await mountpoint.Node.DetachQuietlyAsync(attached).ConfigureAwait(false);
            }

            throw JanusPublisher.Problem(error);
        }
    }

    /// <summary>
    /// Hands the browser's answer to Janus, which then starts the viewer's media. The answer must carry its
    /// candidates (the client sends it once gathering is complete): nothing trickles through the host.
    /// </summary>
    public async Task AnswerAsync(string id, string viewerId, string answerSdp, CancellationToken cancellationToken)
    {
        var viewer = Find(id, viewerId);
        try
        {
            await viewer.Node.MessageForEventAsync(
                viewer.Handle, new JanusStreamingRequest("start"), new JanusJsep("answer", answerSdp) { Trickle = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (JanusException error)
        {
            throw JanusPublisher.Problem(error);
        }
    }

    /// <summary>Ends a viewer: its handle is detached, which hangs up its PeerConnection.</summary>
    public async Task LeaveAsync(string id, string viewerId)
    {
        var viewer = Find(id, viewerId);
        _viewers.TryRemove(viewer.Id, out _);
        await viewer.Node.DetachQuietlyAsync(viewer.Handle).ConfigureAwait(false);
    }

    /// <summary>Forgets and detaches the viewers of sessions that are no longer published.</summary>
    public async Task SweepAsync()
    {
        foreach (var viewer in _viewers.Values.Where(viewer => !_publisher.TryGetPublication(viewer.SessionId, out _)))
        {
            if (_viewers.TryRemove(viewer.Id, out _))
            {
                await viewer.Node.DetachQuietlyAsync(viewer.Handle).ConfigureAwait(false);
            }
        }
    }

    private JanusViewer Find(string id, string viewerId)
    {
        _sessions.Get(id);
        return _viewers.TryGetValue(viewerId, out var viewer) && viewer.SessionId == id
            ? viewer
            : throw new SessionException(SessionProblem.NotFound, "Viewer not found", "The session has no such Janus viewer.");
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
            _ = node.DetachQuietlyAsync(handle);
        }
    }
}
