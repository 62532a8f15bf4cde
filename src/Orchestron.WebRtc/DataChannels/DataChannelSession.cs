// Over 400 lines: one association's DCEP state (channels, streams, PPIDs) under its one gate; open, receive and send change the same tables.
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.DataChannels;

/// <summary>
/// The data channels of one peer connection: an SCTP association over the connection's DTLS, and DCEP
/// (RFC 8832) on top to open channels, map them to streams and carry their messages with the right PPIDs.
/// </summary>
/// <remarks>
/// <para>
/// One lock, <see cref="Gate"/>, serialises the association: the receive path (DTLS application data), the timer
/// and sends from any thread. Whoever feeds DTLS datagrams that may carry SCTP takes it first, so that the lock
/// order is always this gate, then the DTLS session's.
/// </para>
/// <para>
/// Bad input from the peer ends the smallest thing it concerns: a malformed DCEP message closes its channel, a
/// malformed SCTP packet ends the association (and every channel with it); the connection and its audio go on.
/// </para>
/// </remarks>
internal sealed class DataChannelSession : ISctpMessageSink
{
    /// <summary>The message size we announce in a=max-message-size and accept.</summary>
    internal const int DefaultMaxMessageSize = 65536;

    /// <summary>The channels one connection may have open at once.</summary>
    internal const int MaxChannels = 256;

    private readonly Dictionary<ushort, WebRtcDataChannel> _channels = [];
    private readonly SctpAssociation _association;
    private readonly ILogger _logger;
    private readonly byte[] _control = new byte[512];
    private ushort _nextLocalId;

    /// <param name="role">Our DTLS role: the client opens channels on even streams, the server on odd ones (RFC 8832 section 6).</param>
    /// <param name="send">Sends one SCTP packet as DTLS application data.</param>
    /// <param name="maxPacketSize">The largest SCTP packet, DTLS overhead subtracted.</param>
    /// <param name="remotePort">The peer's a=sctp-port.</param>
    /// <param name="logger">Where the channels' lives are logged.</param>
    internal DataChannelSession(DtlsRole role, SctpPacketSender send, int maxPacketSize, ushort remotePort, ILogger logger)
    {
        _logger = logger;
        _nextLocalId = role == DtlsRole.Client ? (ushort)0 : (ushort)1;
        _association = new SctpAssociation(this, send, maxPacketSize, DefaultMaxMessageSize, SctpAssociation.DefaultPort, remotePort);
    }

    /// <summary>Raised when the peer opens a channel, before any of its messages; with <see cref="Gate"/> held.</summary>
    internal event Action<WebRtcDataChannel>? ChannelOpened;

    /// <summary>Raised once when the association is up.</summary>
    internal event Action? Established;

    internal Lock Gate { get; } = new();

    internal int MaxMessageSize => _association.MaxMessageSize;

    internal SctpAssociationState AssociationState
    {
        get
        {
            lock (Gate)
            {
                return _association.State;
            }
        }
    }

    internal string? TerminationReason => _association.TerminationReason;

    internal int ChannelCount
    {
        get
        {
            lock (Gate)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>Counters for statistics: packets discarded, chunks abandoned and retransmitted.</summary>
    internal (long Discarded, long Abandoned, long Retransmitted) Counters
    {
        get
        {
            lock (Gate)
            {
                return (_association.DiscardedPackets, _association.AbandonedChunks, _association.RetransmittedChunks);
            }
        }
    }

    /// <summary>Starts the association from this side (the other side answers); a browser starts it itself.</summary>
    internal void Connect()
    {
        lock (Gate)
        {
            _association.Connect(Environment.TickCount64);
        }
    }

    /// <summary>One SCTP packet from the peer, as DTLS application data.</summary>
    internal void HandlePacket(ReadOnlySpan<byte> packet)
    {
        lock (Gate)
        {
            _association.HandlePacket(packet, Environment.TickCount64);
        }
    }

    internal void OnTimer(long nowMs)
    {
        lock (Gate)
        {
            _association.OnTimer(nowMs);
        }
    }

    /// <summary>Opens a channel from our side with a DATA_CHANNEL_OPEN on the next stream of our parity.</summary>
    /// <exception cref="InvalidOperationException">The association is not up, or too many channels are open.</exception>
    internal WebRtcDataChannel Open(DataChannelParameters parameters)
    {
        lock (Gate)
        {
            if (_association.State != SctpAssociationState.Established || _channels.Count >= MaxChannels)
            {
                throw new InvalidOperationException(_association.State != SctpAssociationState.Established
                    ? "The SCTP association is not established."
                    : $"The connection already has its maximum of {MaxChannels} data channels.");
            }

            while (_channels.ContainsKey(_nextLocalId))
            {
                _nextLocalId += 2;
            }

            var id = _nextLocalId;
            _nextLocalId += 2;
            var length = DcepMessage.OpenLength(parameters);
            var open = length <= _control.Length ? _control.AsSpan(0, length) : new byte[length];
            DcepMessage.WriteOpen(open, parameters);
            var channel = new WebRtcDataChannel(this, id, parameters);
            _channels[id] = channel;

            // DCEP messages travel ordered and reliably whatever the channel's own settings (RFC 8832 section 6).
            _association.Send(id, DataChannelPpid.Dcep, open, SctpReliability.Reliable, Environment.TickCount64);
            return channel;
        }
    }

    internal bool Send(WebRtcDataChannel channel, uint ppid, ReadOnlySpan<byte> message)
    {
        if (message.Length > MaxMessageSize)
        {
            throw new ArgumentException($"The message has {message.Length} bytes; the maximum message size is {MaxMessageSize}.", nameof(message));
        }

        lock (Gate)
        {
            if (channel.State != WebRtcDataChannelState.Open)
            {
                return false;
            }

            // An empty message travels as one zero byte under its own PPID (RFC 8831 section 6.6).
            ReadOnlySpan<byte> payload = ppid is DataChannelPpid.StringEmpty or DataChannelPpid.BinaryEmpty ? [0] : message;
            var reliability = new SctpReliability(
                !channel.Ordered,
                channel.MaxRetransmits ?? -1,
                channel.MaxPacketLifeTime is { } lifetime ? (int)Math.Min(lifetime.TotalMilliseconds, int.MaxValue) : -1);
            return _association.Send(channel.Id, ppid, payload, reliability, Environment.TickCount64);
        }
    }

    internal void CloseChannel(WebRtcDataChannel channel)
    {
        var closed = false;
        lock (Gate)
        {
            if (!channel.TrySetState(WebRtcDataChannelState.Open, WebRtcDataChannelState.Closing))
            {
                return;
            }

            if (_association.State == SctpAssociationState.Established && _association.CanResetStreams)
            {
                _association.ResetOutgoingStream(channel.Id, Environment.TickCount64);
            }
            else
            {
                closed = Forget(channel);
            }
        }

        if (closed)
        {
            RaiseClosed(channel);
        }
    }

    /// <summary>Ends the association with an ABORT and closes every channel.</summary>
    internal void Close(string reason)
    {
        lock (Gate)
        {
            _association.Abort(reason);
        }
    }

    void ISctpMessageSink.OnEstablished()
    {
        _logger.LogDebug("SCTP association established");
        Established?.Invoke();
    }

    void ISctpMessageSink.OnMessage(ushort stream, uint ppid, ReadOnlySpan<byte> message)
    {
        if (ppid == DataChannelPpid.Dcep)
        {
            OnControl(stream, message);
            return;
        }

        if (!_channels.TryGetValue(stream, out var channel))
        {
            // Data on a stream no channel was opened on: the peer is told by a reset of that stream.
            _logger.LogDebug("Data on SCTP stream {Stream}, which has no channel; resetting it", stream);
            _association.ResetOutgoingStream(stream, Environment.TickCount64);
            return;
        }

        switch (ppid)
        {
            case DataChannelPpid.String or DataChannelPpid.StringPartial:
                Deliver(channel, message, isText: true);
                break;
            case DataChannelPpid.Binary or DataChannelPpid.BinaryPartial:
                Deliver(channel, message, isText: false);
                break;
            case DataChannelPpid.StringEmpty:
                Deliver(channel, [], isText: true);
                break;
            case DataChannelPpid.BinaryEmpty:
                Deliver(channel, [], isText: false);
                break;
            default:
                FailChannel(channel, $"a message with the unknown PPID {ppid}");
                break;
        }
    }

    void ISctpMessageSink.OnIncomingStreamReset(ushort stream)
    {
        if (!_channels.TryGetValue(stream, out var channel))
        {
            return;
        }

        // The peer closed its side: ours follows (RFC 8831 section 6.7), unless we asked first.
        if (channel.State == WebRtcDataChannelState.Open)
        {
            _association.ResetOutgoingStream(stream, Environment.TickCount64);
        }

        if (Forget(channel))
        {
            RaiseClosed(channel);
        }
    }

    void ISctpMessageSink.OnTerminated(string reason)
    {
        _logger.LogInformation("SCTP association ended: {Reason}", reason);
        var channels = _channels.Values.ToArray();
        _channels.Clear();
        foreach (var channel in channels)
        {
            if (channel.MarkClosed())
            {
                RaiseClosed(channel);
            }
        }
    }

    private void OnControl(ushort stream, ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            RejectStream(stream, "an empty DCEP message");
            return;
        }

        if (message[0] == DcepMessage.Ack)
        {
            if (message.Length != 1 || !_channels.ContainsKey(stream))
            {
                RejectStream(stream, "a malformed or unexpected DATA_CHANNEL_ACK");
            }

            return;
        }

        if (message[0] != DcepMessage.Open)
        {
            RejectStream(stream, $"an unknown DCEP message type 0x{message[0]:X2}");
            return;
        }

        if (_channels.ContainsKey(stream))
        {
            RejectStream(stream, "a DATA_CHANNEL_OPEN on a stream that already has a channel");
            return;
        }

        var parameters = DcepMessage.TryParseOpen(message, out var error);
        if (parameters is null || _channels.Count >= MaxChannels)
        {
            RejectStream(stream, error ?? $"a DATA_CHANNEL_OPEN beyond the maximum of {MaxChannels} channels");
            return;
        }

        var channel = new WebRtcDataChannel(this, stream, parameters);
        _channels[stream] = channel;
        _association.Send(stream, DataChannelPpid.Dcep, [DcepMessage.Ack], SctpReliability.Reliable, Environment.TickCount64);
        _logger.LogDebug("The peer opened {Channel} (ordered {Ordered}, max retransmits {MaxRetransmits})", channel, channel.Ordered, channel.MaxRetransmits);
        try
        {
            ChannelOpened?.Invoke(channel);
        }
        catch (Exception handlerError)
        {
            _logger.LogWarning(handlerError, "A DataChannelOpened handler threw");
        }
    }

    private void RejectStream(ushort stream, string reason)
    {
        if (_channels.TryGetValue(stream, out var channel))
        {
            FailChannel(channel, reason);
            return;
        }

        _logger.LogInformation("Rejected SCTP stream {Stream}: {Reason}", stream, reason);
        _association.ResetOutgoingStream(stream, Environment.TickCount64);
    }

    private void FailChannel(WebRtcDataChannel channel, string reason)
    {
        _logger.LogInformation("Closing {Channel}: the peer sent {Reason}", channel, reason);
        if (channel.TrySetState(WebRtcDataChannelState.Open, WebRtcDataChannelState.Closing))
        {
            _association.ResetOutgoingStream(channel.Id, Environment.TickCount64);
        }

        if (Forget(channel))
        {
            RaiseClosed(channel);
        }
    }

    private bool Forget(WebRtcDataChannel channel)
    {
        if (_channels.TryGetValue(channel.Id, out var current) && ReferenceEquals(current, channel))
        {
            _channels.Remove(channel.Id);
        }

        return channel.MarkClosed();
    }

    private void Deliver(WebRtcDataChannel channel, ReadOnlySpan<byte> message, bool isText)
    {
        if (channel.State == WebRtcDataChannelState.Closed)
        {
            return;
        }

        try
        {
            channel.RaiseMessage(message, isText);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "A MessageReceived handler of {Channel} threw", channel);
        }
    }

    private void RaiseClosed(WebRtcDataChannel channel)
    {
        try
        {
            channel.RaiseClosed();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "A Closed handler of {Channel} threw", channel);
        }
    }
}
