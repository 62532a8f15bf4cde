using Microsoft.Extensions.Options;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// Validates <see cref="StreamingAudioOptions"/> for Microsoft.Extensions.Options, e.g. with
/// <c>services.AddSingleton&lt;IValidateOptions&lt;StreamingAudioOptions&gt;, StreamingAudioOptionsValidator&gt;()</c>
/// and <c>ValidateOnStart()</c>.
/// </summary>
public sealed class StreamingAudioOptionsValidator : IValidateOptions<StreamingAudioOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamingAudioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.GetValidationErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(error => error.Message));
    }
}
