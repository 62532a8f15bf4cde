using System.Buffers;
using System.Text;

namespace Orchestron.WebRtc.DataChannels;

/// <summary>
/// One WebRTC data channel (RFC 8831): a label, a subprotocol, ordered or not, reliable or given up after a number
/// of retransmissions or a lifetime, carrying text and binary messages both ways over the connection's SCTP
/// association.
/// </summary>
/// <remarks>
/// Events are raised on the transport's receive thread, in arrival order, with the connection's lock held: keep
/// handlers short and hand longer work to another thread. <see cref="Send"/> and <see cref="SendText"/> may be called
/// from any thread, handlers included.
/// </remarks>
public sealed class WebRtcDataChannel
{
    private readonly DataChannelSession _session;
    private int _state;

    internal WebRtcDataChannel(DataChannelSession session, ushort id, DataChannelParameters parameters)
    {
        _session = session;
        Id = id;
        Label = parameters.Label;
        Protocol = parameters.Protocol;
        Ordered = parameters.Ordered;
        MaxRetransmits = parameters.MaxRetransmits;
        MaxPacketLifeTime = parameters.MaxPacketLifeTime;
    }

    /// <summary>Raised for each message received, text or binary.</summary>
    public event WebRtcDataChannelMessageHandler? MessageReceived;

    /// <summary>Raised once when the channel closes, whichever side closed it.</summary>
    public event EventHandler? Closed;

    /// <summary>The SCTP stream the channel uses (the browser's <c>RTCDataChannel.id</c>).</summary>
    public ushort Id { get; }

    /// <summary>The label the opener gave.</summary>
    public string Label { get; }

    /// <summary>The subprotocol the opener gave; empty when none.</summary>
    public string Protocol { get; }

    /// <summary>Whether messages are delivered in the order they were sent.</summary>
    public bool Ordered { get; }

    /// <summary>Retransmissions before a message is given up (0: sent once), or null.</summary>
    public int? MaxRetransmits { get; }

    /// <summary>How long a message is retried before it is given up, or null.</summary>
    public TimeSpan? MaxPacketLifeTime { get; }

    /// <summary>Whether every message is delivered (neither <see cref="MaxRetransmits"/> nor <see cref="MaxPacketLifeTime"/> is set).</summary>
    public bool Reliable => MaxRetransmits is null && MaxPacketLifeTime is null;

    /// <summary>The largest message <see cref="Send"/> takes.</summary>
    public int MaxMessageSize => _session.MaxMessageSize;

    /// <summary>The channel's state.</summary>
    public WebRtcDataChannelState State => (WebRtcDataChannelState)Volatile.Read(ref _state);

    /// <summary>Sends a binary message; never blocks.</summary>
    /// <param name="message">The bytes; copied before the call returns.</param>
    /// <returns>False when the channel is not open or the send queue is full (the message is not sent).</returns>
    /// <exception cref="ArgumentException">The message is longer than <see cref="MaxMessageSize"/>.</exception>
    public bool Send(ReadOnlySpan<byte> message) =>
        _session.Send(this, message.IsEmpty ? DataChannelPpid.BinaryEmpty : DataChannelPpid.Binary, message);

    /// <summary>Sends a text message, UTF-8 encoded; never blocks.</summary>
    /// <param name="text">The text.</param>
    /// <returns>False when the channel is not open or the send queue is full (the message is not sent).</returns>
    /// <exception cref="ArgumentException">The encoded text is longer than <see cref="MaxMessageSize"/>.</exception>
    public bool SendText(ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > MaxMessageSize)
        {
            throw new ArgumentException($"The text encodes to {length} bytes; the maximum message size is {MaxMessageSize}.", nameof(text));
        }

        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[1024] : rented;
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return _session.Send(this, written == 0 ? DataChannelPpid.StringEmpty : DataChannelPpid.String, buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Closes the channel: its SCTP stream is reset, and the peer closes its side in turn.</summary>
    public void Close() => _session.CloseChannel(this);

    /// <inheritdoc/>
    public override string ToString() => $"data channel {Id} '{Label}'";

    internal bool TrySetState(WebRtcDataChannelState expected, WebRtcDataChannelState next) =>
        Interlocked.CompareExchange(ref _state, (int)next, (int)expected) == (int)expected;

    /// <summary>Marks the channel closed; true the first time only, when <see cref="Closed"/> must be raised.</summary>
    internal bool MarkClosed() => Interlocked.Exchange(ref _state, (int)WebRtcDataChannelState.Closed) != (int)WebRtcDataChannelState.Closed;

    internal void RaiseMessage(ReadOnlySpan<byte> message, bool isText) => MessageReceived?.Invoke(this, message, isText);

    internal void RaiseClosed() => Closed?.Invoke(this, EventArgs.Empty);
}
