namespace Orchestron.Csound;

/// <summary>Csound could not compile an orchestra, a CSD or a score.</summary>
/// <remarks><see cref="CsoundException.CsoundMessages"/> holds Csound's own error lines (e.g. the syntax error and its line).</remarks>
public sealed class CsoundCompileException : CsoundException
{
    /// <summary>Creates the exception with an empty message list.</summary>
    public CsoundCompileException()
        : base("Csound could not compile the code.")
    {
    }

    /// <summary>Creates the exception with an empty message list.</summary>
    /// <param name="message">What failed.</param>
    public CsoundCompileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public CsoundCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with Csound's own lines about the failure.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="csoundMessages">Lines Csound printed while compiling.</param>
    public CsoundCompileException(string message, IReadOnlyList<string> csoundMessages)
        : base(message, csoundMessages)
    {
    }
}
