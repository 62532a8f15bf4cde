namespace Orchestron.Csound;

/// <summary>The audio format of a running Csound instance.</summary>
/// <param name="SampleRate">Audio sample rate in Hz (<c>sr</c>).</param>
/// <param name="Ksmps">Samples per control period (<c>ksmps</c>): frames in one <c>spout</c> block.</param>
/// <param name="Channels">Output channel count (<c>nchnls</c>).</param>
/// <param name="ZeroDbfs">The value of full scale (<c>0dbfs</c>).</param>
public readonly record struct CsoundAudioFormat(double SampleRate, int Ksmps, int Channels, double ZeroDbfs);
