namespace Orchestron.WebRtc.DataChannels;

/// <summary>Receives one message of a data channel.</summary>
/// <param name="channel">The channel it arrived on.</param>
/// <param name="message">The message's bytes (UTF-8 for text), valid only during the call: copy what must outlive it.</param>
/// <param name="isText">True for a string (the browser sent a <c>string</c>), false for binary.</param>
public delegate void WebRtcDataChannelMessageHandler(WebRtcDataChannel channel, ReadOnlySpan<byte> message, bool isText);
