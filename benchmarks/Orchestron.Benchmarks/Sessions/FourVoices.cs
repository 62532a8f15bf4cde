namespace Orchestron.Benchmarks.Sessions;

/// <summary>The instrument every session plays: four detuned saw voices through a Moog ladder, a light but real load.</summary>
internal static class FourVoices
{
    public const string Csd = """
        <CsoundSynthesizer>
        <CsOptions>
        -n -d
        </CsOptions>
        <CsInstruments>
        sr = 48000
        ksmps = 32
        nchnls = 2
        0dbfs = 1
        instr 1
          klfo  lfo 700, p5
          asig  vco2 0.12, p4
          afilt moogladder asig, 900 + klfo, 0.55
          outs  afilt * p6, afilt * (1 - p6)
        endin
        </CsInstruments>
        <CsScore>
        i1 0 36000 110    0.11 0.8
        i1 0 36000 164.81 0.17 0.6
        i1 0 36000 220    0.23 0.4
        i1 0 36000 277.18 0.29 0.2
        </CsScore>
        </CsoundSynthesizer>
        """;
}
