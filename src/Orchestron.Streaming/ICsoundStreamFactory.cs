namespace Orchestron.Streaming;

/// <summary>
/// Makes <see cref="ICsoundStream"/>s from CSD text, compiled where the caller says: in this process, or in a
/// sandboxed worker. <c>AddOrchestronStreaming</c> registers it; the streams it makes run on the registered
/// <see cref="Engine.StreamingEngine"/> and send through the registered media transport.
/// </summary>
public interface ICsoundStreamFactory
{
    /// <summary>
    /// Null when <see cref="CsoundIsolation.Sandbox"/> streams can run here; otherwise why not (no bubblewrap, no
    /// user namespaces, no worker, or output to the device). Found once, by launching a real worker.
    /// </summary>
    Task<string?> SandboxUnavailableReasonAsync();

    /// <summary>Compiles <paramref name="csd"/> and returns its stream, not yet started; the caller owns it.</summary>
    /// <param name="csd">A complete CSD document.</param>
    /// <param name="isolation">Where its Csound runs; code from the network belongs in <see cref="CsoundIsolation.Sandbox"/>.</param>
    /// <param name="cancellationToken">Abandons the compile (a sandboxed worker is killed).</param>
    /// <exception cref="Orchestron.Csound.CsoundException">The code does not compile; the exception carries Csound's lines.</exception>
    /// <exception cref="Sandbox.SandboxUnavailableException">A sandboxed stream was asked for and the sandbox cannot run here.</exception>
    Task<ICsoundStream> CreateAsync(string csd, CsoundIsolation isolation, CancellationToken cancellationToken = default);
}
