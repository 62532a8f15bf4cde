namespace Orchestron.Host.Configuration;

/// <summary>Engine settings applied to every session unless a session asks otherwise.</summary>
/// <param name="RtAudioModule">The <c>-+rtaudio</c> module used in local mode (alsa, pulse, jack, pa, ...).</param>
/// <param name="SampleRate">Sample rate passed as <c>-r</c>.</param>
/// <param name="Ksmps">Samples per control period passed as <c>-k</c>.</param>
/// <param name="Channels">Output channel count (<c>nchnls</c>).</param>
/// <param name="ZeroDbfs">The amplitude of full scale (<c>0dbfs</c>).</param>
public sealed record CsoundDefaults(string RtAudioModule, int SampleRate, int Ksmps, int Channels, double ZeroDbfs);
