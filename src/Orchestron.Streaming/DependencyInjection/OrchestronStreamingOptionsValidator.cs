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

        Check(errors, nameof(OrchestronStreamingOptions.Sender), options.Sender, sender => sender.Validate());
        Check(errors, nameof(OrchestronStreamingOptions.WebRtc), options.WebRtc, webRtc => webRtc.Validate());
        Check(errors, nameof(OrchestronStreamingOptions.Engine), options.Engine, engine => engine.Validate());
        Check(errors, nameof(OrchestronStreamingOptions.Sandbox), options.Sandbox, static _ => { });
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Adds the part's problem, under its name: null, or what its own validation throws.</summary>
    private static void Check<T>(List<string> errors, string part, T? value, Action<T> validate)
        where T : class
    {
        if (value is null)
        {
            errors.Add($"{part} is null.");
            return;
        }

        try
        {
            validate(value);
        }
        catch (ArgumentException error)
        {
            errors.Add($"{part}: {error.Message}");
        }
    }
}
