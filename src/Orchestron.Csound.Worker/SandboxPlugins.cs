namespace Orchestron.Csound.Worker;

/// <summary>
/// The Csound plugin libraries a worker does not load: each needs something the sandbox never has (an audio or
/// MIDI device, a display, a joystick, a network), so its opcodes could not work there, and each pulls in shared
/// libraries (ALSA, JACK with Berkeley DB, PulseAudio with D-Bus, systemd and libgcrypt, X11, PortAudio, PortMidi,
/// liblo) that cost every worker about 3 MB of resident memory for nothing; nor the utilities' library, which holds
/// no opcodes.
/// </summary>
/// <remarks>
/// Csound loads every library of its plugin directory when an instance is created, except those named in
/// <c>CS_OMIT_LIBS</c>. Every other plugin (array, signal-flow, mixer, PVS, padsynth, urandom, DSSI/LADSPA hosting
/// and the rest) stays: a CSD that runs in-process and touches no device runs the same way here.
/// </remarks>
internal static class SandboxPlugins
{
    /// <summary>The omitted libraries by Csound's name for them (the file name without <c>.so</c>).</summary>
    internal static readonly string[] Omitted =
    [
        "librtalsa", "librtjack", "librtpa", "librtpulse", // real-time audio devices: the worker is always headless (-n)
        "libpmidi",                                         // MIDI devices: MIDI comes from the host over the control pipe
        "libosc", "libipmidi",                              // OSC and network MIDI: the sandbox has no network
        "libjoystick",                                      // no input devices in the sandbox's /dev
        "libstdutil",                                       // Csound's utilities (csound -U), which no CSD can run
    ];

    /// <summary>Sets <c>CS_OMIT_LIBS</c> for the Csound instances this process creates; call before the first one.</summary>
    /// <exception cref="InvalidOperationException">The environment could not be changed.</exception>
    internal static void OmitUnusable()
    {
        if (Interop.Libc.SetEnvironmentVariable("CS_OMIT_LIBS", string.Join(',', Omitted), overwrite: 1) != 0)
        {
            throw new InvalidOperationException($"setenv(CS_OMIT_LIBS) failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        }
    }
}
