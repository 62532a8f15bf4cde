namespace Orchestron.Csound;

/// <summary>Csound reported a failure; <see cref="CsoundMessages"/> holds what Csound printed about it.</summary>
public class CsoundException : Exception
{
    /// <summary>Creates the exception with an empty message list.</summary>
    public CsoundException()
        : this("Csound reported an error.", [])
    {
    }

    /// <summary>Creates the exception with an empty message list.</summary>
    /// <param name="message">What failed.</param>
    public CsoundException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with an empty message list and an inner exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public CsoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        CsoundMessages = [];
    }

    /// <summary>Creates the exception with Csound's own lines about the failure.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="csoundMessages">Lines Csound printed while the call ran.</param>
    public CsoundException(string message, IReadOnlyList<string> csoundMessages)
        : base(WithMessages(message, csoundMessages))
    {
        CsoundMessages = csoundMessages;
    }

    /// <summary>The lines Csound printed while the failing call ran, in order.</summary>
    public IReadOnlyList<string> CsoundMessages { get; }

    private static string WithMessages(string message, IReadOnlyList<string> csoundMessages)
    {
        ArgumentNullException.ThrowIfNull(csoundMessages);
        return csoundMessages.Count == 0
            ? message
            : message + Environment.NewLine + string.Join(Environment.NewLine, csoundMessages);
    }
}
