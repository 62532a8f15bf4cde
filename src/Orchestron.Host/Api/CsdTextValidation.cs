using Orchestron.Host.Sessions;

namespace Orchestron.Host.Api;

/// <summary>
/// Refuses CSD text that cannot be a Csound file before Csound sees it: Csound answers such text with a
/// failure that carries no useful message, and a person who sent it should hear what is missing.
/// </summary>
public static class CsdTextValidation
{
    /// <summary>Blank text, text without a <c>&lt;CsoundSynthesizer&gt;</c> element, or without an orchestra.</summary>
    /// <exception cref="SessionException">The text is not a CSD (400).</exception>
    public static void Check(string csd)
    {
        ArgumentNullException.ThrowIfNull(csd);
        if (string.IsNullOrWhiteSpace(csd))
        {
            throw SessionException.Invalid("Blank CSD", "'csd' is empty; send a Csound file (<CsoundSynthesizer>...</CsoundSynthesizer>).");
        }

        if (!Contains(csd, "<CsoundSynthesizer>") || !Contains(csd, "</CsoundSynthesizer>"))
        {
            throw SessionException.Invalid("Not a CSD", "'csd' is not a Csound file: it has no <CsoundSynthesizer> ... </CsoundSynthesizer> element.");
        }

        if (!Contains(csd, "<CsInstruments>") || !Contains(csd, "</CsInstruments>"))
        {
            throw SessionException.Invalid("CSD without an orchestra", "'csd' has no <CsInstruments> ... </CsInstruments> section, so there is nothing to play.");
        }
    }

    private static bool Contains(string csd, string tag) => csd.Contains(tag, StringComparison.OrdinalIgnoreCase);
}
