namespace Orchestron.WebRtc.Opus;

/// <summary>The libopus coding mode an encoder is created for.</summary>
public enum OpusApplication
{
    /// <summary>OPUS_APPLICATION_AUDIO: best quality for music and mixed content.</summary>
    Audio,

    /// <summary>OPUS_APPLICATION_RESTRICTED_LOWDELAY: CELT only, the lowest algorithmic delay (no speech modes).</summary>
    RestrictedLowDelay,
}
