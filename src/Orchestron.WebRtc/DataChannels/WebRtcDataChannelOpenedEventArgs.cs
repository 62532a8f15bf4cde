namespace Orchestron.WebRtc.DataChannels;

/// <summary>A peer opened a data channel on a listener's connection.</summary>
/// <param name="listenerId">The listener whose peer opened it.</param>
/// <param name="channel">The channel, already open: subscribe to its events in the handler, before its first message.</param>
public sealed class WebRtcDataChannelOpenedEventArgs(string listenerId, WebRtcDataChannel channel) : EventArgs
{
    /// <summary>The listener whose peer opened the channel.</summary>
    public string ListenerId { get; } = listenerId;

    /// <summary>The channel, open.</summary>
    public WebRtcDataChannel Channel { get; } = channel;
}
