namespace Orchestron.Host.Control;

/// <summary>Why the host refused a control message: the byte after the tag in an error message.</summary>
public enum ControlError : byte
{
    /// <summary>The message does not follow the format: too short or long, an unknown kind, a byte out of range.</summary>
    Malformed = 1,

    /// <summary>The message's version is not <see cref="ControlMessageFormat.Version"/>.</summary>
    UnsupportedVersion = 2,

    /// <summary>Well formed, but the session refused it as the HTTP API would with a 400 (a value out of range, an audio channel).</summary>
    Invalid = 3,

    /// <summary>The session has no such channel (the HTTP API's 404).</summary>
    NotFound = 4,

    /// <summary>The session is not running, or its MIDI queue is full (the HTTP API's 409).</summary>
    Conflict = 5,

    /// <summary>Past a rate: the address's control requests, the session's note-ons or its panics (the HTTP API's 429).</summary>
    TooManyRequests = 6,

    /// <summary>A text message: the channel carries binary messages only.</summary>
    NotBinary = 7,
}
