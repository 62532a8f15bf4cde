using System.Globalization;
using Orchestron.Csound;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Sessions;

/// <summary>The Csound options every session's instance is made with: the audio mode's output and the engine defaults as flags.</summary>
internal static class CsoundSessionOptions
{
    // Warnings only: Csound prints a line per note at its default level, and each line costs the render thread.
    private const int CsoundMessageLevel = 4;

    /// <summary>Headless for streaming, the realtime device for local mode; host MIDI; the configured engine defaults.</summary>
    public static CsoundInstanceOptions Create(AudioOutputMode mode, Configuration.CsoundDefaults csound)
    {
        var options = mode == AudioOutputMode.Streaming
            ? CsoundInstanceOptions.Headless()
            : CsoundInstanceOptions.RealtimeOutput(csound.RtAudioModule);
        options.HostMidiInput = true;
        options.MessageLevel = CsoundMessageLevel;
        options.AdditionalOptions.Add("--sample-rate=" + csound.SampleRate.ToString(CultureInfo.InvariantCulture));
        options.AdditionalOptions.Add("--ksmps=" + csound.Ksmps.ToString(CultureInfo.InvariantCulture));
        options.AdditionalOptions.Add("--nchnls=" + csound.Channels.ToString(CultureInfo.InvariantCulture));
        options.AdditionalOptions.Add("--0dbfs=" + csound.ZeroDbfs.ToString(CultureInfo.InvariantCulture));
        return options;
    }
}
