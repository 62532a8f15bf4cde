namespace Orchestron.Csound.DependencyInjection;

/// <summary>
/// Makes <see cref="CsoundInstance"/>s whose Csound messages go to the application's logging. The caller owns
/// (and disposes) every instance it gets.
/// </summary>
public interface ICsoundInstanceFactory
{
    /// <summary>Creates an instance with the configured <see cref="CsoundOptions.Instance"/>.</summary>
    CsoundInstance Create();

    /// <summary>Creates an instance with <paramref name="options"/> instead of the configured ones.</summary>
    /// <param name="options">The options for this instance; validated.</param>
    CsoundInstance Create(CsoundInstanceOptions options);

    /// <summary>
    /// Creates an instance with the configured options and compiles <paramref name="csdText"/>; the instance is
    /// disposed again when the CSD does not compile.
    /// </summary>
    /// <param name="csdText">A complete CSD document.</param>
    /// <exception cref="CsoundCompileException">Csound rejected the CSD (the message holds Csound's errors).</exception>
    CsoundInstance CreateCompiled(string csdText);
}
