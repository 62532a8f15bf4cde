namespace Orchestron.Streaming.Engine;

/// <summary>The reason a session's performance failed: it used more than its CPU share of the render pool for too long.</summary>
public sealed class SessionOverShareException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    /// <param name="message">What the session used, its share, and for how long.</param>
    public SessionOverShareException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public SessionOverShareException()
        : base("The session used more than its CPU share of the render pool for too long.")
    {
    }

    /// <summary>Creates the exception with the reason and the exception behind it.</summary>
    /// <param name="message">What the session used, its share, and for how long.</param>
    /// <param name="innerException">The exception behind it.</param>
    public SessionOverShareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
