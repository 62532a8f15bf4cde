using Orchestron.Csound.Midi;

namespace Orchestron.Csound;

/// <summary>
/// What native callbacks of one instance need, reached from Csound's host-data pointer.
/// </summary>
internal sealed class CsoundCallbackState(CsoundMessageLog messages, MidiInputQueue? midiInput)
{
    internal CsoundMessageLog Messages { get; } = messages;

    internal MidiInputQueue? MidiInput { get; } = midiInput;
}
