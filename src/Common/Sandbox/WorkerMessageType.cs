namespace Orchestron.Streaming.Sandbox;

/// <summary>The type byte of each control message between the host and a Csound worker.</summary>
internal enum WorkerMessageType : byte
{
    /// <summary>Host → worker: protocol version and the shared audio region's path. Worker → host: its version and process id.</summary>
    Hello = 1,

    /// <summary>Host → worker: CSD text to compile.</summary>
    Compile = 2,

    /// <summary>Worker → host: the CSD compiled.</summary>
    CompileOk = 3,

    /// <summary>Worker → host: the CSD did not compile; carries Csound's messages.</summary>
    CompileError = 4,

    /// <summary>Host → worker: start performing into the shared ring.</summary>
    Start = 5,

    /// <summary>Worker → host: the performance started; carries sr, ksmps and nchnls.</summary>
    Started = 6,

    /// <summary>Host → worker: stop the performance and exit.</summary>
    Stop = 7,

    /// <summary>Host → worker: a three-byte MIDI message.</summary>
    Midi = 8,

    /// <summary>Host → worker: set a control channel.</summary>
    SetChannel = 9,

    /// <summary>Host → worker: a score line (e.g. <c>i1 0 1</c>).</summary>
    ScoreEvent = 10,

    /// <summary>Host → worker: turn every sounding note off.</summary>
    Panic = 11,

    /// <summary>Worker → host: one line Csound printed.</summary>
    Log = 12,

    /// <summary>Worker → host: the performance ended; carries the outcome and, on failure, why.</summary>
    Ended = 13,

    /// <summary>Worker → host: a request failed (e.g. start before compile); carries why.</summary>
    Error = 14,
}
