namespace Orchestron.WebRtc.DataChannels;

/// <summary>The life of a data channel, as in the browser's <c>RTCDataChannel.readyState</c>.</summary>
public enum WebRtcDataChannelState
{
    /// <summary>Messages can be sent and are received.</summary>
    Open,

    /// <summary>Our side asked to close (an SCTP stream reset); waiting for the peer to reset its side.</summary>
    Closing,

    /// <summary>Closed by either side, or with its association; nothing more is sent or received.</summary>
    Closed,
}
