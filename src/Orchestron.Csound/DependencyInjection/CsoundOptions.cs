namespace Orchestron.Csound.DependencyInjection;

/// <summary>
/// What <c>services.AddOrchestronCsound(...)</c> configures: the options every <see cref="CsoundInstance"/>
/// made by <see cref="ICsoundInstanceFactory.Create()"/> starts from.
/// </summary>
public sealed class CsoundOptions
{
    /// <summary>
    /// The options of instances made without explicit options; headless (<c>-n</c>, no displays) unless
    /// changed. Validated when the application starts.
    /// </summary>
    public CsoundInstanceOptions Instance { get; set; } = CsoundInstanceOptions.Headless();
}
