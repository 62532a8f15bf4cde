namespace Orchestron.Streaming.Sandbox;

/// <summary>A sandboxed stream was asked for where the sandbox cannot run; nothing runs unsandboxed in its place.</summary>
public sealed class SandboxUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the sandbox cannot run, as <see cref="ICsoundStreamFactory.SandboxUnavailableReasonAsync"/> says.</param>
    public SandboxUnavailableException(string reason)
        : base($"This stream must run sandboxed, and the sandbox cannot run here: {reason}.")
    {
        Reason = reason;
    }

    /// <summary>Why the sandbox cannot run.</summary>
    public string Reason { get; }
}
