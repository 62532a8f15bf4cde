using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestron.Csound;
using RenderToWav;

// Renders a CSD (by default the instrument embedded in Orchestron.Csound) to a WAV file by driving
// Csound one control period at a time and writing each spout block.
RenderSettings settings;
try
{
    settings = RenderSettings.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(RenderSettings.Usage);
    return 2;
}

string csd;
if (settings.CsdPath is null)
{
    csd = CsoundDefaults.DefaultInstrumentCsd;
}
else if (!File.Exists(settings.CsdPath))
{
    Console.Error.WriteLine($"error: the CSD file '{settings.CsdPath}' does not exist.");
    return 2;
}
else
{
    csd = File.ReadAllText(settings.CsdPath);
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Finish the WAV file properly instead of leaving a header with no sizes.
    e.Cancel = true;
    cancel.Cancel();
};

using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(settings.Verbose ? LogLevel.Debug : LogLevel.Warning)
    .AddSimpleConsole(console => console.SingleLine = true)
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
var logger = loggerFactory.CreateLogger("Csound");

try
{
    using var csound = new CsoundInstance(CsoundInstanceOptions.Headless(), logger);
    csound.CompileCsdText(csd);
    csound.Start();
    var format = csound.Format;
    var maxFrames = settings.MaxDuration is { } limit ? (long)Math.Round(limit.TotalSeconds * format.SampleRate) : long.MaxValue;
    var progress = new ProgressBar(settings.MaxDuration);

    using var wav = new WavWriter(
        settings.OutputPath, (int)format.SampleRate, format.Channels, settings.BitsPerSample, format.ZeroDbfs, csound.Spout.Length);
    while (wav.Frames < maxFrames && !cancel.IsCancellationRequested && !csound.PerformKsmps())
    {
        var framesLeft = maxFrames - wav.Frames;
        var spout = csound.Spout;
        wav.Write(framesLeft < format.Ksmps ? spout[..(int)(framesLeft * format.Channels)] : spout);
        progress.Report(TimeSpan.FromSeconds(wav.Frames / format.SampleRate));
    }

    wav.Finish();
    progress.Done();
    var seconds = (wav.Frames / format.SampleRate).ToString("0.00", CultureInfo.InvariantCulture);
    var peak = wav.Peak > 0 ? (20 * Math.Log10(wav.Peak)).ToString("0.0", CultureInfo.InvariantCulture) + " dBFS" : "silence";
    Console.Error.WriteLine(
        $"Wrote {settings.OutputPath}: {seconds} s, {format.SampleRate} Hz, {format.Channels} channel(s), {settings.BitsPerSample}-bit, peak {peak}" +
        (wav.ClippedSamples > 0 ? $", {wav.ClippedSamples} samples clipped" : string.Empty) +
        (cancel.IsCancellationRequested ? " (interrupted)" : string.Empty));
    return 0;
}
catch (CsoundException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
catch (Exception error) when (error is IOException or UnauthorizedAccessException or DllNotFoundException)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
