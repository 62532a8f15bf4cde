namespace Orchestron.Streaming;

/// <summary>Where a stream's Csound runs.</summary>
public enum CsoundIsolation
{
    /// <summary>In this process: for code the application itself trusts.</summary>
    InProcess,

    /// <summary>In a worker process under bubblewrap (no network, no host files, resource limits): for code from the network.</summary>
    Sandbox,
}
