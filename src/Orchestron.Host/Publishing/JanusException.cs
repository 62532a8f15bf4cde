namespace Orchestron.Host.Publishing;

/// <summary>A Janus server could not be reached, or refused a request.</summary>
/// <param name="message">What failed, naming the server.</param>
/// <param name="isUnreachable">True when the server did not answer at all (503), false when it answered with an error (502).</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class JanusException(string message, bool isUnreachable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the server did not answer at all; false when it answered with an error.</summary>
    public bool IsUnreachable { get; } = isUnreachable;

    /// <summary>Janus's error code, when it sent one (458 is "no such session").</summary>
    public int? Code { get; init; }
}
