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

    /// <summary>
    /// Csound failed while performing, or its render did not return within the stop timeout; the error says why.
    /// It can be started again.
    /// </summary>
    Failed,

    /// <summary>
    /// Deleted: gone from the API and its capacity slot given back. Terminal: a start, stop or delete that was
    /// waiting for the session when it was deleted finds it gone.
    /// </summary>
    Deleted,
}
