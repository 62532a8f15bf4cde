using Microsoft.Extensions.Options;

namespace Orchestron.Csound.DependencyInjection;

/// <summary>Turns <see cref="CsoundInstanceOptions.Validate"/>'s exception into an options validation failure.</summary>
internal sealed class CsoundOptionsValidator : IValidateOptions<CsoundOptions>
{
    public ValidateOptionsResult Validate(string? name, CsoundOptions options)
    {
        if (options.Instance is null)
        {
            return ValidateOptionsResult.Fail($"{nameof(CsoundOptions)}.{nameof(CsoundOptions.Instance)} is null; set it or leave the headless default.");
        }

        try
        {
            options.Instance.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail($"{nameof(CsoundOptions)}.{nameof(CsoundOptions.Instance)}: {error.Message}");
        }
    }
}
