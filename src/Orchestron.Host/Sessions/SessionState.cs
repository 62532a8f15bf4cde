namespace Orchestron.Host.Sessions;

/// <summary>Where a session is in its life.</summary>
public enum SessionState
{
    /// <summary>Compiled and ready; not playing.</summary>
    Created,

    /// <summary>Csound is performing: to the device in local mode, to listeners in streaming mode.</summary>
    Running,

    /// <summary>Stopped by request or because its score ended; it can be started again.</summary>
    Stopped,

    /// <summary>Csound failed while performing; the error says why. It can be started again.</summary>
    Failed,
}
