using System.Globalization;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>
/// CSDs that play a 1 kHz sine in instrument 1 and, in instruments of their own, try to reach the host. Each failing
/// attack stops only its own instrument, so the sine shows what the session can still legitimately do.
/// </summary>
internal static class SandboxAttackCsd
{
    /// <summary>
    /// A shell command, a sound file written to /tmp, /etc/passwd read as sound and as text, and UDP sends to the
    /// host's loopback; with <paramref name="opcodeLibrary"/>, an opcode library loaded from the options too.
    /// </summary>
    internal static string Create(string shellMarker, string foutPath, int udpPort, string? opcodeLibrary = null) => BesideTheSine(
        string.Create(CultureInfo.InvariantCulture, $"""
            instr 2
              ires system_i 1, "echo pwned > {shellMarker}"
              ires system_i 1, "/usr/bin/touch {shellMarker}"
            endin
            instr 3
              asig oscili 0.1, 440
              fout "{foutPath}", 14, asig
            endin
            instr 4
              a1 soundin "/etc/passwd"
              a2, a3 diskin2 "/etc/passwd", 1
            endin
            instr 5
              Sline, iline readfi "/etc/passwd"
              prints "passwd line: %s\n", Sline
            endin
            instr 6
              asig oscili 0.1, 440
              socksend asig, "127.0.0.1", {udpPort}, 256
            endin
            """),
        """
        i 2 0 1
        i 3 0 2
        i 4 0 1
        i 5 0 1
        i 6 0 2
        """,
        opcodeLibrary is null ? "" : "--opcode-lib=" + opcodeLibrary);

    /// <summary>
    /// Connects over TCP to the host's loopback. Csound's <c>stsend</c> retries its connect until it succeeds, so in
    /// the sandbox (whose loopback has nobody listening) it never returns from its init.
    /// </summary>
    internal static string TcpSend(int tcpPort) => BesideTheSine(
        string.Create(CultureInfo.InvariantCulture, $"""
            instr 2
              asig oscili 0.1, 440
              stsend asig, "127.0.0.1", {tcpPort}
            endin
            """),
        "i 2 0 2");

    /// <summary>Starts copies of <c>sh</c> without waiting for them, as fast as it can.</summary>
    internal static string ForkLoop() => BesideTheSine(
        """
        instr 2
          icount = 0
          while icount < 2000 do
            ires system_i 1, ":(){ :|:& };:", 1
            icount += 1
          od
        endin
        """,
        "i 2 0 1");

    private static string BesideTheSine(string attackInstruments, string attackScore, string options = "") => $"""
        <CsoundSynthesizer>
        <CsOptions>
        {options}
        </CsOptions>
        <CsInstruments>
        sr = 44100
        ksmps = 32
        nchnls = 2
        0dbfs = 1
        instr 1
          aphase phasor 1000
          asine = 0.5 * sin(2 * $M_PI * aphase)
          outs asine, asine
        endin
        {attackInstruments}
        </CsInstruments>
        <CsScore>
        i 1 0 3600
        {attackScore}
        </CsScore>
        </CsoundSynthesizer>
        """;
}
