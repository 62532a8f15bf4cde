using Microsoft.Extensions.Options;

namespace Orchestron.Streaming.DependencyInjection;

/// <summary>Checks every part of <see cref="OrchestronStreamingOptions"/> and reports every problem, each under its path.</summary>
internal sealed class OrchestronStreamingOptionsValidator : IValidateOptions<OrchestronStreamingOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestronStreamingOptions options)
    {
        var errors = new List<string>();
        if (options.Audio is null)
        {
            errors.Add($"{nameof(OrchestronStreamingOptions.Audio)} is null.");
        }
        else
        {
            errors.AddRange(options.Audio.GetValidationErrors().Select(error => $"{nameof(OrchestronStreamingOptions.Audio)}: {error.Message}"));
        }

        if (options.Sender is null)
        {
            errors.Add($"{nameof(OrchestronStreamingOptions.Sender)} is null.");
        }
        else
        {
            try
            {
                options.Sender.Validate();
            }
            catch (ArgumentException error)
            {
                errors.Add($"{nameof(OrchestronStreamingOptions.Sender)}: {error.Message}");
            }
        }

        if (options.WebRtc is null)
        {
            errors.Add($"{nameof(OrchestronStreamingOptions.WebRtc)} is null.");
        }
        else
        {
            try
            {
                options.WebRtc.Validate();
            }
            catch (ArgumentException error)
            {
                errors.Add($"{nameof(OrchestronStreamingOptions.WebRtc)}: {error.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
