namespace Orchestron.Host.Control;

/// <summary>
/// The control channel's wire format, version 1: the one place it is defined (docs/control-channel.md describes it
/// for client authors). Every message is binary and starts with a four-byte header:
/// <code>
/// byte 0     version (1)
/// byte 1     kind (<see cref="ControlMessageKind"/>)
/// bytes 2-3  tag, big-endian: chosen by the sender, echoed in the reply to the message
/// </code>
/// followed by the kind's body (integers big-endian, delays in milliseconds, 0 to 60000):
/// <code>
/// 0x01 note on      channel (0-15), note (0-127), velocity (1-127) [, delay u16]      7 or 9 bytes in all
/// 0x02 note off     channel (0-15), note (0-127), velocity (0-127) [, delay u16]      7 or 9 bytes
/// 0x03 MIDI         delay u16, status (0x80-0xEF), 1 or 2 data bytes (0-127)         8 or 9 bytes
/// 0x04 channel      value float64, then the channel's name in ASCII (1-64 bytes)      13 to 76 bytes
/// 0x05 panic        nothing                                                             4 bytes
/// 0x06 ping         8 bytes of the sender's own (a timestamp), echoed in the pong      12 bytes
/// </code>
/// The host answers only a ping (<see cref="ControlMessageKind.Pong"/>, the same 8 bytes back) and a refused
/// message (<see cref="ControlMessageKind.Error"/>: the refused message's tag, a <see cref="ControlError"/> byte, the
/// seconds to wait before retrying (0 when retrying does not help), and a UTF-8 explanation of at most
/// <see cref="MaxErrorDetailBytes"/> bytes). An accepted message has no reply: a note is its own answer.
/// </summary>
public static class ControlMessageFormat
{
    /// <summary>The version this host speaks; a message of another version is refused and the channel stays open.</summary>
    public const byte Version = 1;

    /// <summary>The label a client gives the channel; a data channel with another label is not a control channel.</summary>
    public const string ChannelLabel = "orchestron-control";

    /// <summary>Version, kind and tag.</summary>
    public const int HeaderLength = 4;

    /// <summary>The longest message a client sends (a channel value with a 64-byte name).</summary>
    public const int MaxMessageLength = HeaderLength + 8 + MaxChannelNameLength;

    /// <summary>The longest channel name, as the HTTP API allows.</summary>
    public const int MaxChannelNameLength = 64;

    /// <summary>The bytes a ping carries and its pong returns.</summary>
    public const int PingPayloadLength = 8;

    /// <summary>The longest explanation in an error message.</summary>
    public const int MaxErrorDetailBytes = 200;

    /// <summary>The error message's fixed part: header, error code, retry seconds.</summary>
    public const int ErrorHeaderLength = HeaderLength + 2;
}
