namespace Orchestron.Host.Control;

/// <summary>What a control message is: byte 1 of every message (see <see cref="ControlMessageFormat"/>).</summary>
public enum ControlMessageKind : byte
{
    /// <summary>Starts a note: channel, note, velocity above 0, optional delay.</summary>
    NoteOn = 0x01,

    /// <summary>Ends a note: channel, note, release velocity, optional delay.</summary>
    NoteOff = 0x02,

    /// <summary>Any channel MIDI message, as the HTTP API's <c>midi-event</c> takes: delay, then its bytes.</summary>
    Midi = 0x03,

    /// <summary>Sets a control channel the session's CSD declares.</summary>
    ChannelValue = 0x04,

    /// <summary>Turns every sounding note off.</summary>
    Panic = 0x05,

    /// <summary>Asks for a pong, to measure the round trip.</summary>
    Ping = 0x06,

    /// <summary>From the host: the answer to a ping.</summary>
    Pong = 0x86,

    /// <summary>From the host: a message was refused.</summary>
    Error = 0xEE,
}
