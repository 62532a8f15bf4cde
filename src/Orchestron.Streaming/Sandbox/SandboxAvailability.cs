using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Whether sandboxed sessions can run here, found once at start-up by launching a real worker in bubblewrap and
/// exchanging hellos with it, and the launcher of their workers. Where they cannot run (no user namespaces, no
/// bubblewrap, no worker), the host says so and refuses everything that must run sandboxed rather than run it
/// unsandboxed.
/// </summary>
/// <remarks>
/// One worker is kept launched ahead (the probe's own, then one after each that is taken), so that creating a
/// sandboxed session costs a compile, not a process start: the runtime's start-up is most of a worker's launch.
/// </remarks>
public sealed class SandboxAvailability : IAsyncDisposable
{
    private readonly ILogger _workerLogger;
    private readonly Lazy<Task<string?>> _probe;
    private readonly Lock _gate = new();
    private readonly StreamingAudioOptions _audio;
    private Task<SandboxedCsoundWorker>? _spare;
    private bool _disposed;

    /// <summary>Prepares the probe; it runs on first use.</summary>
    /// <param name="options">How workers are launched.</param>
    /// <param name="audio">The queue settings of the workers' shared rings.</param>
    /// <param name="workerLogger">Where the workers' Csound lines go.</param>
    public SandboxAvailability(CsoundSandboxOptions options, StreamingAudioOptions? audio = null, ILogger? workerLogger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        _audio = (audio ?? new StreamingAudioOptions()).Clone();
        _workerLogger = workerLogger ?? NullLogger.Instance;
        _probe = new Lazy<Task<string?>>(ProbeAsync);
    }

    /// <summary>How the host launches workers.</summary>
    public CsoundSandboxOptions Options { get; }

    /// <summary>Null when sandboxed sessions can run; otherwise why not.</summary>
    public Task<string?> UnavailableReasonAsync() => _probe.Value;

    /// <summary>A launched worker (hello exchanged), the one kept ready when there is one; another is then launched ahead.</summary>
    public async Task<SandboxedCsoundWorker> LaunchWorkerAsync()
    {
        Task<SandboxedCsoundWorker>? spare;
        lock (_gate)
        {
            spare = _spare;
            _spare = null;
        }

        var worker = spare is null ? null : await TakeAsync(spare).ConfigureAwait(false);
        LaunchSpare();
        return worker ?? await SandboxedCsoundWorker.LaunchAsync(Options, _audio, _workerLogger).ConfigureAwait(false);
    }

    /// <summary>Kills the worker kept ready.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<SandboxedCsoundWorker>? spare;
        lock (_gate)
        {
            _disposed = true;
            spare = _spare;
            _spare = null;
        }

        if (spare is not null && await TakeAsync(spare).ConfigureAwait(false) is { } worker)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void LaunchSpare()
    {
        lock (_gate)
        {
            if (!_disposed && _spare is null)
            {
                _spare = SandboxedCsoundWorker.LaunchAsync(Options, _audio, _workerLogger);
            }
        }
    }

    /// <summary>The spare if it launched and is still alive; null otherwise (a dead spare is released).</summary>
    private static async Task<SandboxedCsoundWorker?> TakeAsync(Task<SandboxedCsoundWorker> spare)
    {
        try
        {
            var worker = await spare.ConfigureAwait(false);
            if (!worker.Exited.IsCompleted)
            {
                return worker;
            }

            await worker.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (IsLaunchFailure(error))
        {
            // Launched anew by the caller, which then reports the failure itself.
        }

        return null;
    }

    private async Task<string?> ProbeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the sandbox needs Linux (bubblewrap and user namespaces)";
        }

        if (SandboxPreflight.Problem(Options) is { } problem)
        {
            return problem;
        }

        try
        {
            var worker = await LaunchProbeWorkerAsync().ConfigureAwait(false);
            lock (_gate)
            {
                if (!_disposed && _spare is null)
                {
                    // The probe's worker is the first one kept ready.
                    _spare = Task.FromResult(worker);
                    return null;
                }
            }

            await worker.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (IsLaunchFailure(error))
        {
            return "a sandboxed worker could not start: " + error.Message.TrimEnd('.');
        }
    }

    /// <summary>
    /// Launches the first worker. Where bubblewrap may not mount a fresh /proc (a container runtime's masked paths
    /// refuse it), the sandbox goes without /proc from then on, rather than not at all.
    /// </summary>
    private async Task<SandboxedCsoundWorker> LaunchProbeWorkerAsync()
    {
        try
        {
            return await SandboxedCsoundWorker.LaunchAsync(Options, _audio, _workerLogger).ConfigureAwait(false);
        }
        catch (InvalidOperationException error) when (Options.MountProc && error.Message.Contains("Can't mount proc", StringComparison.Ordinal))
        {
            Options.MountProc = false;
            _workerLogger.LogInformation("The sandbox may not mount a /proc of its own here ({Reason}); workers run without /proc", error.Message);
            return await SandboxedCsoundWorker.LaunchAsync(Options, _audio, _workerLogger).ConfigureAwait(false);
        }
    }

    private static bool IsLaunchFailure(Exception error) =>
        error is InvalidOperationException or IOException or InvalidDataException or TimeoutException
            or System.ComponentModel.Win32Exception or UnauthorizedAccessException;
}
