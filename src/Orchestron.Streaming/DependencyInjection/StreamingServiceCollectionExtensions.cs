using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;

// In the DI namespace, as Microsoft's own Add* methods are, so that they show up wherever services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Orchestron.Streaming with a service collection.</summary>
public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OrchestronStreamingOptions"/> (validated when the application starts, every problem
    /// named), the <see cref="StreamingAudioOptions"/> and <see cref="UdpMediaTransportOptions"/> inside them, a
    /// singleton <see cref="UdpMediaTransport"/> made from them on first use, a <see cref="StreamingEngine"/> that
    /// logs to the application's logging, the <see cref="SandboxAvailability"/> that launches sandboxed workers, the
    /// <see cref="ICsoundStreamFactory"/> that makes streams of either isolation (all disposed with the container),
    /// and Orchestron.Csound's <c>AddOrchestronCsound()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the defaults (20 ms frames, an ephemeral UDP port on all interfaces).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddOrchestronStreaming(this IServiceCollection services, Action<OrchestronStreamingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOrchestronCsound();
        var options = services.AddOptions<OrchestronStreamingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestronStreamingOptions>, OrchestronStreamingOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<OrchestronStreamingOptions>>().Value.Audio);
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<OrchestronStreamingOptions>>().Value.WebRtc);
        services.TryAddSingleton(provider => new UdpMediaTransport(
            provider.GetRequiredService<UdpMediaTransportOptions>(), provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton(provider => new StreamingEngine(
            provider.GetRequiredService<IOptions<OrchestronStreamingOptions>>().Value.Engine, provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton(provider =>
        {
            var streaming = provider.GetRequiredService<IOptions<OrchestronStreamingOptions>>().Value;
            return new SandboxAvailability(
                streaming.Sandbox, streaming.Audio, provider.GetService<ILoggerFactory>()?.CreateLogger<SandboxedCsoundWorker>());
        });
        services.TryAddSingleton<ICsoundStreamFactory, CsoundStreamFactory>();
        return services;
    }
}
