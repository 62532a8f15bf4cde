namespace Orchestron.WebRtc.Ice;

/// <summary>Settings of an <see cref="IceLiteAgent"/>.</summary>
public sealed class IceLiteAgentOptions
{
    /// <summary>
    /// How long the selected path may go without a valid check before consent expires (RFC 7675 says 30 s).
    /// </summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most distinct remote endpoints one agent remembers; further ones are still answered.</summary>
    public int MaxRemoteEndPoints { get; set; } = 16;

    internal void Validate()
    {
        if (ConsentTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConsentTimeout), ConsentTimeout, "ConsentTimeout must be positive.");
        }

        if (MaxRemoteEndPoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRemoteEndPoints), MaxRemoteEndPoints, "MaxRemoteEndPoints must be at least 1.");
        }
    }
}
