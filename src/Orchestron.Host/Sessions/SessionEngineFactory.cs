using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orchestron.Csound;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Host.Configuration;
using Orchestron.Streaming;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Sessions;

/// <summary>Compiles a session's CSD where its isolation says: into an in-process instance or a sandboxed worker.</summary>
internal sealed class SessionEngineFactory(
    OrchestronHostOptions options,
    ICsoundInstanceFactory csound,
    IOptions<OrchestronStreamingOptions> streaming,
    MediaTransportProvider media,
    SandboxAvailability sandbox,
    ILoggerFactory loggerFactory,
    IMeterFactory? meterFactory)
{
    private bool IsStreaming => options.AudioOutputMode == AudioOutputMode.Streaming;

    /// <summary>Compiles <paramref name="csd"/>; a compile error is a <see cref="SessionProblem.InvalidCsound"/> with Csound's lines.</summary>
    public async Task<SessionEngine> CreateAsync(string csd, SessionIsolation isolation)
    {
        return isolation == SessionIsolation.Sandbox
            ? await CreateSandboxedAsync(csd).ConfigureAwait(false)
            : await CreateInProcessAsync(csd).ConfigureAwait(false);
    }

    private async Task<InProcessEngine> CreateInProcessAsync(string csd)
    {
        // The compile runs on the setup lane, below the render workers' priority: it takes what they leave over.
        var instance = await SetupLane.Shared.RunAsync(() => Compile(() => csound.CreateCompiled(csd))).ConfigureAwait(false);
        return new InProcessEngine(
            instance,
            IsStreaming
                ? compiled => CsoundWebRtcStream.Start(
                    compiled, media.Transport, streaming.Value.Audio, streaming.Value.Sender, loggerFactory, meterFactory)
                : null,
            compiled =>
            {
                var performer = new CsoundPerformer(
                    compiled, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Local }, logger: loggerFactory.CreateLogger<CsoundPerformer>());
                performer.Start();
                return performer;
            });
    }

    private async Task<SandboxedEngine> CreateSandboxedAsync(string csd)
    {
        if (!IsStreaming)
        {
            throw new SessionException(
                SessionProblem.Unavailable, "Sandbox needs streaming", "Sandboxed sessions stream to browsers; this host plays on its own audio device (local mode).");
        }

        if (await sandbox.UnavailableReasonAsync().ConfigureAwait(false) is { } reason)
        {
            throw new SessionException(
                SessionProblem.Unavailable, "Sandbox unavailable", $"This session must run sandboxed, and the sandbox cannot run on this host: {reason}.");
        }

        var sandboxOptions = sandbox.Options;
        var worker = await sandbox.LaunchWorkerAsync().ConfigureAwait(false);
        try
        {
            await worker.CompileAsync(csd, CsoundArguments()).ConfigureAwait(false);
        }
        catch (CsoundException error)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw new SessionException(SessionProblem.InvalidCsound, "The Csound code does not compile", error.Message, error.CsoundMessages);
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new SandboxedEngine(worker, sandboxOptions, media.Transport, streaming.Value.Sender, loggerFactory);
    }

    /// <summary>The engine defaults as flags, as an in-process instance gets them (the worker adds headless output and host MIDI).</summary>
    private string[] CsoundArguments() =>
    [
        "-m4",
        "--sample-rate=" + options.Csound.SampleRate.ToString(CultureInfo.InvariantCulture),
        "--ksmps=" + options.Csound.Ksmps.ToString(CultureInfo.InvariantCulture),
        "--nchnls=" + options.Csound.Channels.ToString(CultureInfo.InvariantCulture),
        "--0dbfs=" + options.Csound.ZeroDbfs.ToString(CultureInfo.InvariantCulture),
    ];

    private static CsoundInstance Compile(Func<CsoundInstance> compile)
    {
        try
        {
            return compile();
        }
        catch (CsoundException error)
        {
            // A compile error, or text Csound could not take as a CSD at all: either way, the code is at fault.
            throw new SessionException(SessionProblem.InvalidCsound, "The Csound code does not compile", error.Message, error.CsoundMessages);
        }
    }
}
