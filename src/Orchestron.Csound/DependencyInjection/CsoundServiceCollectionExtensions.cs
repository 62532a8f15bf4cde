using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestron.Csound.DependencyInjection;

// In the DI namespace, as Microsoft's own Add* methods are, so that they show up wherever services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Orchestron.Csound with a service collection.</summary>
public static class CsoundServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICsoundInstanceFactory"/> (a singleton) and <see cref="CsoundOptions"/>, validated
    /// when the application starts. Calling it again adds <paramref name="configure"/> to the earlier settings.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the default instance options; none keeps the headless defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddOrchestronCsound(this IServiceCollection services, Action<CsoundOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CsoundOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CsoundOptions>, CsoundOptionsValidator>());
        services.TryAddSingleton<ICsoundInstanceFactory>(provider => new CsoundInstanceFactory(
            provider.GetRequiredService<IOptions<CsoundOptions>>(),
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        return services;
    }
}
