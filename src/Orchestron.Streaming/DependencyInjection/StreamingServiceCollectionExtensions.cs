using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.DependencyInjection;
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
    /// singleton <see cref="UdpMediaTransport"/> made from them on first use and disposed with the container, and
    /// Orchestron.Csound's <c>AddOrchestronCsound()</c>.
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
        return services;
    }
}
