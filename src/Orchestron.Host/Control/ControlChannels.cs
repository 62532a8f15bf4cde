using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orchestron.Host.Security;
using Orchestron.Host.Sessions;
using Orchestron.WebRtc;
using Orchestron.WebRtc.DataChannels;

namespace Orchestron.Host.Control;

/// <summary>
/// Gives a listener's control data channel (label <see cref="ControlMessageFormat.ChannelLabel"/>) to the listeners
/// whose offer was made with the session's control token, and refuses it to the others. Negotiation is the one place
/// a listener shows a token, so the negotiation endpoints record here what the token granted; when the listener's peer
/// later opens the channel, the grant decides. A listen token's holder (or a listener whose grant is unknown) has
/// the channel closed at once; its audio is untouched. Channels with other labels are left to whoever wants them.
/// </summary>
public sealed class ControlChannels(SessionManager sessions, ControlMessageRouter router, ILogger<ControlChannels> logger)
{
    private readonly ConditionalWeakTable<WebRtcAudioSender, SenderGrants> _senders = [];
    private int _open;

    /// <summary>
    /// Records that listener <paramref name="listenerId"/> of session <paramref name="sessionId"/> negotiated with
    /// <paramref name="access"/> from <paramref name="client"/>, whose rate limits its control messages count against.
    /// </summary>
    public void Grant(string sessionId, string listenerId, SessionAccess access, SessionClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (sessions.Get(sessionId).Stream?.Sender is not { } sender)
        {
            return;
        }

        var grants = _senders.GetValue(sender, s => Watch(sessionId, s));
        grants.Forget(sender);
        grants.ByListener[listenerId] = new ListenerGrant(access, client.Key);
    }

    /// <summary>How many control channels are open now, across sessions.</summary>
    public int OpenChannels => Volatile.Read(ref _open);

    private SenderGrants Watch(string sessionId, WebRtcAudioSender sender)
    {
        var grants = new SenderGrants(sessionId);
        sender.DataChannelOpened += (_, opened) => OnOpened(grants, opened);
        return grants;
    }

    private void OnOpened(SenderGrants grants, WebRtcDataChannelOpenedEventArgs opened)
    {
        var channel = opened.Channel;
        if (channel.Label != ControlMessageFormat.ChannelLabel)
        {
            return;
        }

        if (!grants.ByListener.TryGetValue(opened.ListenerId, out var grant) || grant.Access < SessionAccess.Control)
        {
            logger.LogInformation(
                "Session {Session}: listener {Listener} opened a control channel without the control token; closed", grants.SessionId, opened.ListenerId);
            channel.Close();
            return;
        }

        Interlocked.Increment(ref _open);
        channel.Closed += (_, _) => Interlocked.Decrement(ref _open);
        _ = new ControlChannelConnection(grants.SessionId, grant.Partition, channel, router, logger);
        logger.LogInformation("Session {Session}: listener {Listener} opened its control channel", grants.SessionId, opened.ListenerId);
    }

    /// <summary>What a listener's token granted, and the address partition its requests count against.</summary>
    private sealed record ListenerGrant(SessionAccess Access, string Partition);

    /// <summary>The grants of one session's listeners, kept while the session's sender lives.</summary>
    private sealed class SenderGrants(string sessionId)
    {
        public string SessionId { get; } = sessionId;

        public ConcurrentDictionary<string, ListenerGrant> ByListener { get; } = new(StringComparer.Ordinal);

        /// <summary>Drops the grants of listeners that have left, so a long session's grants stay as many as its listeners.</summary>
        public void Forget(WebRtcAudioSender sender)
        {
            var current = sender.GetListenerStatistics()
                .Where(l => l.State is not (WebRtcListenerState.Closed or WebRtcListenerState.Failed))
                .Select(l => l.ListenerId)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var listenerId in ByListener.Keys)
            {
                if (!current.Contains(listenerId))
                {
                    ByListener.TryRemove(listenerId, out _);
                }
            }
        }
    }
}
