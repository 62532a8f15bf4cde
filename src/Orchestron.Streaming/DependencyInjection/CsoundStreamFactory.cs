using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestron.Csound;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.DependencyInjection;

/// <summary>The <see cref="ICsoundStreamFactory"/> that <c>AddOrchestronStreaming</c> registers.</summary>
/// <remarks>
/// The media transport is resolved when a stream starts, not when it is made: the UDP socket opens with the first
/// stream, and a bind that failed (the port taken, the address gone) is tried again by the next start, because the
/// container keeps no singleton whose factory threw.
/// </remarks>
internal sealed class CsoundStreamFactory(
    IOptions<OrchestronStreamingOptions> options,
    IOptions<CsoundOptions> csoundOptions,
    ICsoundInstanceFactory csound,
    StreamingEngine engine,
    SandboxAvailability sandbox,
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    IMeterFactory? meterFactory = null) : ICsoundStreamFactory
{
    private OrchestronStreamingOptions Options => options.Value;

    public async Task<string?> SandboxUnavailableReasonAsync() => Options.Output == CsoundStreamOutput.Device
        ? "sandboxed streams go to WebRTC listeners, and this application plays on the machine's audio device"
        : await sandbox.UnavailableReasonAsync().ConfigureAwait(false);

    public async Task<ICsoundStream> CreateAsync(string csd, CsoundIsolation isolation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csd);
        cancellationToken.ThrowIfCancellationRequested();
        return isolation == CsoundIsolation.Sandbox
            ? await CreateSandboxedAsync(csd, cancellationToken).ConfigureAwait(false)
            : await CreateInProcessAsync(csd).ConfigureAwait(false);
    }

    private async Task<ICsoundStream> CreateInProcessAsync(string csd)
    {
        // The compile runs on the setup lane, below the render workers' priority: it takes what they leave over.
        var instance = await SetupLane.Shared.RunAsync(() => csound.CreateCompiled(csd)).ConfigureAwait(false);
        try
        {
            return Options.Output == CsoundStreamOutput.Device
                ? new CsoundDevicePerformance(instance, loggerFactory)
                : new CsoundWebRtcStream(instance, Transport, Options.Audio, Options.Sender, engine, ownsInstance: true, loggerFactory, meterFactory);
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    private async Task<ICsoundStream> CreateSandboxedAsync(string csd, CancellationToken cancellationToken)
    {
        if (await SandboxUnavailableReasonAsync().ConfigureAwait(false) is { } reason)
        {
            throw new SandboxUnavailableException(reason);
        }

        var worker = await sandbox.LaunchWorkerAsync().ConfigureAwait(false);
        try
        {
            await worker.CompileAsync(csd, WorkerArguments(), cancellationToken).ConfigureAwait(false);
            return new SandboxedCsoundStream(worker, sandbox.Options, engine, Transport, Options.Sender, loggerFactory);
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private UdpMediaTransport Transport() => services.GetRequiredService<UdpMediaTransport>();

    /// <summary>The registered instance options as flags, as an in-process instance gets them (the worker adds headless output and host MIDI).</summary>
    private string[] WorkerArguments()
    {
        var instance = csoundOptions.Value.Instance;
        return [.. instance.MessageLevel is { } level ? ["-m" + level.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(), .. instance.AdditionalOptions];
    }
}
