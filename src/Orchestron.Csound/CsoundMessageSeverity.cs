namespace Orchestron.Csound;

/// <summary>How severe a line Csound printed looks (Csound's own attribute bits are unreliable, so the text decides).</summary>
public enum CsoundMessageSeverity
{
    /// <summary>An ordinary line: a note, a banner, a <c>prints</c> from the orchestra.</summary>
    Information = 0,

    /// <summary>A line that starts with <c>WARNING</c>.</summary>
    Warning = 1,

    /// <summary>A line that mentions an error.</summary>
    Error = 2,
}

/// <summary>Receives one whole line Csound printed, without its line break.</summary>
/// <param name="severity">How severe the line looks.</param>
/// <param name="line">The line.</param>
public delegate void CsoundMessageHandler(CsoundMessageSeverity severity, string line);
