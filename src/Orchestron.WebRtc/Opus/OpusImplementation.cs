namespace Orchestron.WebRtc.Opus;

/// <summary>Which Opus encoder <see cref="OpusEncoderFactory"/> builds.</summary>
public enum OpusImplementation
{
    /// <summary>The native libopus when it loads, the managed Concentus port when it does not.</summary>
    Auto,

    /// <summary>The native libopus (<see cref="OpusEncoder"/>); creating the encoder fails when libopus is missing.</summary>
    Native,

    /// <summary>The managed Concentus port (<see cref="ConcentusOpusEncoder"/>): no native library, but slower and it allocates per frame.</summary>
    Managed,
}
