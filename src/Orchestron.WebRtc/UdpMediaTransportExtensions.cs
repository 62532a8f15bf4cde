using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc;

/// <summary>Creates session senders on a <see cref="UdpMediaTransport"/>.</summary>
/// <remarks>
/// An extension rather than a transport method, because the transport sits below the sender and must not know it.
/// </remarks>
public static class UdpMediaTransportExtensions
{
    /// <summary>Creates the sender of one session: one Opus encoder, any number of listeners, all on this transport's port.</summary>
    /// <param name="transport">The transport the session's listeners share.</param>
    /// <param name="options">The session's encoder and listener settings; defaults when null.</param>
    /// <exception cref="ObjectDisposedException">The transport has been disposed.</exception>
    public static WebRtcAudioSender CreateAudioSender(this UdpMediaTransport transport, WebRtcAudioSenderOptions? options = null) =>
        new(transport, options ?? new WebRtcAudioSenderOptions());
}
