using System.Globalization;

namespace Orchestron.Testing;

/// <summary>Csound instruments whose output a test can predict exactly.</summary>
public static class TestInstruments
{
    /// <summary>A sine played by MIDI on any channel: <c>cpsmidi</c> pitch, amplitude 0.5, stereo; rate and ksmps left to the engine.</summary>
    public const string SineByMidi = """
        <CsoundSynthesizer>
        <CsInstruments>
        nchnls = 2
        0dbfs = 1
        massign 0, 1
        instr 1
          a1 oscili 0.5, cpsmidi()
          outs a1, a1
        endin
        </CsInstruments>
        <CsScore>
        f 0 z
        </CsScore>
        </CsoundSynthesizer>
        """;

    /// <summary>
    /// A stereo sine at amplitude 0.5 for <paramref name="seconds"/>. The phase is accumulated in double by
    /// <c>phasor</c> and turned into a sine by <c>sin()</c>, so the source is exact to far better than any
    /// bound a test checks downstream.
    /// </summary>
    public static string Sine(double frequency, int sampleRate = 44100, int ksmps = 32, double seconds = 3600) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        <CsoundSynthesizer>
        <CsInstruments>
        sr = {sampleRate}
        ksmps = {ksmps}
        nchnls = 2
        0dbfs = 1
        instr 1
          aphase phasor {frequency}
          asine = 0.5 * sin(2 * $M_PI * aphase)
          outs asine, asine
        endin
        </CsInstruments>
        <CsScore>
        i 1 0 {seconds}
        </CsScore>
        </CsoundSynthesizer>
        """);
}
