using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Whether sandboxed sessions can run here, found once at start-up by launching a real worker in bubblewrap and
/// exchanging hellos with it. Where they cannot (no user namespaces, no bubblewrap, no worker), the host says so
/// and refuses everything that must run sandboxed rather than run it unsandboxed.
/// </summary>
public sealed class SandboxAvailability
{
    private readonly Lazy<Task<string?>> _probe;

    /// <summary>Prepares the probe; it runs on first use.</summary>
    /// <param name="options">How workers are launched.</param>
    public SandboxAvailability(CsoundSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        _probe = new Lazy<Task<string?>>(() => ProbeAsync(Options));
    }

    /// <summary>How the host launches workers.</summary>
    public CsoundSandboxOptions Options { get; }

    /// <summary>Null when sandboxed sessions can run; otherwise why not.</summary>
    public Task<string?> UnavailableReasonAsync() => _probe.Value;

    private static async Task<string?> ProbeAsync(CsoundSandboxOptions options)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the sandbox needs Linux (bubblewrap and user namespaces)";
        }

        if (!File.Exists(options.BwrapPath))
        {
            return $"bubblewrap is not installed ({options.BwrapPath} is missing; Debian: apt-get install bubblewrap)";
        }

        if (!File.Exists(options.WorkerPath))
        {
            return $"the Csound worker is missing ({options.WorkerPath})";
        }

        try
        {
            await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions()).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or InvalidDataException
            or TimeoutException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            return "a sandboxed worker could not start: " + error.Message;
        }
    }
}
