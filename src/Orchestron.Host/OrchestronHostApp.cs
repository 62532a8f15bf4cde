using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orchestron.Host.Api;
using Orchestron.Host.Configuration;
using Orchestron.Host.Control;
using Orchestron.Host.Instruments;
using Orchestron.Host.Publishing;
using Orchestron.Host.Relay;
using Orchestron.Host.Security;
using Orchestron.Host.Sessions;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Host;

/// <summary>Builds the host's web application from its arguments and environment.</summary>
public static class OrchestronHostApp
{
    /// <summary>The path the browser client is served under.</summary>
    public const string ClientPath = "/client";

    /// <summary>
    /// Reads and validates the configuration, then builds the application: the API, CORS and the static
    /// browser client. Files are found next to the assembly, so the host runs from any working directory.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="environment">Environment variables; the process's own when null.</param>
    /// <exception cref="OrchestronConfigurationException">A setting is invalid.</exception>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? environment = null) => Build(args, environment, adjust: null);

    /// <summary>Builds the application as <see cref="Build(string[], IReadOnlyDictionary{string, string?}?)"/> does, with the loaded options changed by <paramref name="adjust"/> first.</summary>
    internal static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? environment, Action<OrchestronHostOptions>? adjust)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        var options = OrchestronHostOptionsLoader.Load(new ConfigurationInputs(
            args, environment ?? ConfigurationInputs.ProcessEnvironment(), builder.Configuration));
        adjust?.Invoke(options);

        builder.WebHost.UseUrls(options.Server.ListenUrl);
        // Every body this API takes is small (CSD text up to 256 KiB, SDP up to 64 KiB): bound them all.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        // The program reports a failed start (such as a port in use) in one line; the generic host would
        // log it again with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, HostJsonContext.Default);
            // STUN entries have no credentials; browsers reject a null username, so leave it out.
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(InstrumentLibrary.Shared);
        builder.Services.AddSingleton(TimeProvider.System);
        AddSessions(builder.Services, options);
        builder.Services.AddSingleton<OptionsView>();
        builder.Services.AddOrchestronSecurity(options);
        if (options.Turn is { } turn)
        {
            builder.Services.AddSingleton(services =>
                new TurnCredentialIssuer(turn, services.GetRequiredService<TimeProvider>()));
        }

        if (options.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            {
                if (options.CorsOrigins.Contains(CorsOrigin.Any))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. options.CorsOrigins]);
                }

                // Location carries the WHEP listener resource a client deletes to leave.
                policy.AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location");
            }));
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseOrchestronRequestGuards(options);

        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The client has no build step and no hashed names: make browsers revalidate every file.
            OnPrepareResponse = file =>
            {
                file.Context.Response.Headers.CacheControl = "no-cache";
                ClientSecurityHeaders.Apply(file.Context.Response);
            },
        });
        app.MapGet("/", () => Results.Redirect(ClientPath + "/"));
        app.MapHostEndpoints();
        app.MapSessionEndpoints();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app, options));
        return app;
    }

    /// <summary>
    /// Orchestron.Streaming and Orchestron.Csound through their own entry points, with the options the loader
    /// mapped and validated, and the session services on top.
    /// </summary>
    private static void AddSessions(IServiceCollection services, OrchestronHostOptions options)
    {
        // With backend STUN or TURN servers, the one transport is opened with them; AddOrchestronStreaming keeps this registration.
        services.AddSingleton<BackendIceStatus>();
        if (BackendIceServers.TryCreate(options.WebRtc.BackendIceServers, out var backend, out _) && backend != BackendIceServers.None)
        {
            services.AddSingleton(provider => BackendIceTransport.Open(
                provider.GetRequiredService<UdpMediaTransportOptions>(), provider.GetRequiredService<ILoggerFactory>(), backend,
                provider.GetRequiredService<BackendIceStatus>()));
        }

        services.AddOrchestronStreaming(streaming =>
        {
            streaming.Audio = options.Streaming.Audio;
            streaming.WebRtc = options.Streaming.WebRtc;
            streaming.Sender = options.Streaming.Sender;
            streaming.Sandbox = options.Sandbox;
            streaming.Engine.CpuShare = options.CpuShare;
            streaming.Output = options.AudioOutputMode == AudioOutputMode.Local ? CsoundStreamOutput.Device : CsoundStreamOutput.WebRtc;
        });
        services.AddOrchestronCsound(csound => csound.Instance = CsoundSessionOptions.Create(options.AudioOutputMode, options.Csound));
        services.AddHostedService<SandboxProbe>();
        services.AddSingleton<SessionManager>();
        services.AddSingleton<SessionListeners>();
        services.AddSingleton<JanusPublisher>();
        services.AddSingleton<JanusViewers>();
        services.AddOrchestronControlChannels();
        services.AddHostedService<JanusPublicationSweeper>();
        services.AddHostedService<SessionShutdown>();
        services.AddSingleton<IdleSessionReaper>();
        services.AddHostedService(provider => provider.GetRequiredService<IdleSessionReaper>());
    }

    private static void AnnounceAddresses(WebApplication app, OrchestronHostOptions options)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestron.Host");
        foreach (var address in addresses)
        {
            logger.LogInformation(
                "Orchestron is serving {Url}{ClientPath}/ in {Mode} mode",
                address, ClientPath, options.AudioOutputMode.ToString().ToLowerInvariant());
        }
    }
}
