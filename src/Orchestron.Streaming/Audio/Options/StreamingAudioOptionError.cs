namespace Orchestron.Streaming.Audio;

/// <summary>One invalid setting of <see cref="StreamingAudioOptions"/>.</summary>
/// <param name="OptionName">The property that is invalid, e.g. <c>FrameMs</c>, so a caller can name its own setting for it.</param>
/// <param name="Message">The property, its value and the accepted values, in one sentence.</param>
public sealed record StreamingAudioOptionError(string OptionName, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
