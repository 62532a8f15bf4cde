namespace Orchestron.Benchmarks.Browser;

/// <summary>The two instruments the browser benchmark plays, sent to the host as CSD text.</summary>
internal static class BenchInstruments
{
    /// <summary>
    /// A 1 kHz sine at -6 dBFS exactly while a MIDI note is held on any channel, and silence otherwise: no
    /// attack, release or reverb, so the onset is one sample and the silence after a note-off is immediate.
    /// Rate and ksmps are the host's.
    /// </summary>
    public const string SineWhileHeld = """
        <CsoundSynthesizer>
        <CsInstruments>
        nchnls = 2
        0dbfs = 1
        massign 0, 1
        instr 1
          a1 oscili 0.5, 1000
          outs a1, a1
        endin
        </CsInstruments>
        <CsScore>
        f 0 z
        </CsScore>
        </CsoundSynthesizer>
        """;

    /// <summary>
    /// A steady 1 kHz sine at 44.1 kHz, so the stream goes through the host's resampler to Opus's 48 kHz. The
    /// host passes its own rate and ksmps to Csound as options, which override the header: its settings must
    /// say 44100 and 32 as well (<see cref="SineContinuity"/> starts it so).
    /// </summary>
    public const string Sine44100 = """
        <CsoundSynthesizer>
        <CsInstruments>
        sr = 44100
        ksmps = 32
        nchnls = 2
        0dbfs = 1
        instr 1
          a1 oscili 0.5, 1000
          outs a1, a1
        endin
        </CsInstruments>
        <CsScore>
        i 1 0 z
        </CsScore>
        </CsoundSynthesizer>
        """;
}
