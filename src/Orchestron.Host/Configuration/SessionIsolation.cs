namespace Orchestron.Host.Configuration;

/// <summary>Where a session's Csound runs.</summary>
public enum SessionIsolation
{
    /// <summary>In the host's process: for the host's own instruments.</summary>
    InProcess,

    /// <summary>In a worker process inside a bubblewrap sandbox: always for CSD text from the network.</summary>
    Sandbox,
}
