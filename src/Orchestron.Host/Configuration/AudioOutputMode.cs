namespace Orchestron.Host.Configuration;

/// <summary>Where a session's audio goes.</summary>
public enum AudioOutputMode
{
    /// <summary>Csound plays to the server's own audio device (<c>-odac</c>); the device is the clock.</summary>
    Local,

    /// <summary>Csound runs headless and its audio is streamed to browsers over WebRTC.</summary>
    Streaming,
}
