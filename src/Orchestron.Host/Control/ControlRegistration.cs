namespace Orchestron.Host.Control;

/// <summary>Registers the control data channel's services.</summary>
public static class ControlRegistration
{
    /// <summary>Adds the router and the grants that give control channels to control-token listeners.</summary>
    public static IServiceCollection AddOrchestronControlChannels(this IServiceCollection services)
    {
        services.AddSingleton<ControlMessageRouter>();
        services.AddSingleton<ControlChannels>();
        return services;
    }
}
