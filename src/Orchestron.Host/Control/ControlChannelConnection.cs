using System.Buffers.Binary;
using Orchestron.Host.Sessions;
using Orchestron.WebRtc.DataChannels;

namespace Orchestron.Host.Control;

/// <summary>
/// One open control channel: each binary message is parsed in place, routed to the session, and answered only when
/// it is a ping or is refused. A message that breaks the format is refused with <see cref="ControlError.Malformed"/>;
/// a peer that keeps sending them (<see cref="MalformedLimit"/> in a row) has its channel closed. Nothing the peer
/// sends reaches the session unchecked, and nothing it sends touches another session or channel.
/// </summary>
internal sealed class ControlChannelConnection
{
    /// <summary>Malformed messages in a row after which the channel is closed: a client that speaks another format.</summary>
    public const int MalformedLimit = 16;

    private readonly string _sessionId;
    private readonly string _partition;
    private readonly WebRtcDataChannel _channel;
    private readonly ControlMessageRouter _router;
    private readonly ILogger _logger;
    private readonly ChannelNameCache _names = new();
    private int _malformedInRow;

    public ControlChannelConnection(string sessionId, string partition, WebRtcDataChannel channel, ControlMessageRouter router, ILogger logger)
    {
        _sessionId = sessionId;
        _partition = partition;
        _channel = channel;
        _router = router;
        _logger = logger;
        channel.MessageReceived += OnMessage;
    }

    private void OnMessage(WebRtcDataChannel channel, ReadOnlySpan<byte> bytes, bool isText)
    {
        Span<byte> reply = stackalloc byte[ControlReplies.MaxLength];
        var tag = bytes.Length >= ControlMessageFormat.HeaderLength ? BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]) : (ushort)0;
        try
        {
            // Every message, well formed or not, takes its place in the address's control bucket, as an HTTP request does.
            _router.TakeRatePlace(_partition);
            if (isText)
            {
                Refuse(reply, tag, ControlError.NotBinary, null, "The control channel carries binary messages (see docs/control-channel.md).");
                return;
            }

            if (!ControlMessage.TryParse(bytes, out var message, out var error, out _))
            {
                Refuse(reply, tag, error, null, error == ControlError.UnsupportedVersion
                    ? "This host speaks version 1 of the control format."
                    : "The message does not follow the control format (see docs/control-channel.md).");
                if (++_malformedInRow >= MalformedLimit)
                {
                    _logger.LogInformation("Session {Session}: control channel closed after {Count} malformed messages in a row", _sessionId, _malformedInRow);
                    _channel.Close();
                }

                return;
            }

            _malformedInRow = 0;
            _router.Route(_sessionId, _partition, message, _names);
            if (message.Kind == ControlMessageKind.Ping)
            {
                _channel.Send(reply[..ControlReplies.WritePong(reply, message.Tag, message.PingPayload)]);
            }
        }
        catch (SessionException refusal)
        {
            Refuse(reply, tag, ErrorOf(refusal.Problem), refusal.RetryAfter, refusal.Message);
        }
    }

    private void Refuse(Span<byte> reply, ushort tag, ControlError error, TimeSpan? retryAfter, string detail)
    {
        // A full send queue drops the refusal: the peer is sending faster than it reads.
        _channel.Send(reply[..ControlReplies.WriteError(reply, tag, error, retryAfter, detail)]);
    }

    private static ControlError ErrorOf(SessionProblem problem) => problem switch
    {
        SessionProblem.NotFound => ControlError.NotFound,
        SessionProblem.Conflict => ControlError.Conflict,
        SessionProblem.TooManyRequests => ControlError.TooManyRequests,
        _ => ControlError.Invalid,
    };
}
