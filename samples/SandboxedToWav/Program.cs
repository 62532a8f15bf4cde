// Plays a CSD inside the sandbox (bubblewrap around the Csound worker that the Orchestron.Streaming package brings)
// and writes what the pacer takes from it to a WAV file: `dotnet run -- path/to/file.csd --seconds 5 --out heard.wav`.
using System.Globalization;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using SandboxedToWav;

string? csdPath = null;
var seconds = 5.0;
var output = "sandboxed.wav";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds" when i + 1 < args.Length:
            seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            csdPath = args[i];
            break;
    }
}

var csd = csdPath is null ? CsoundDefaults.CreateDefaultInstrumentCsd(duration: null) : File.ReadAllText(csdPath);

var audio = new StreamingAudioOptions();
var sandbox = new CsoundSandboxOptions();
Console.WriteLine($"Csound worker: {sandbox.WorkerPath}");

SandboxedCsoundWorker worker;
try
{
    worker = await SandboxedCsoundWorker.LaunchAsync(sandbox, audio);
}
catch (InvalidOperationException error)
{
    // No worker, one for another machine, or a sandbox that cannot start: the CSD is not run at all.
    Console.Error.WriteLine($"error: the sandbox cannot start: {error.Message}");
    return 1;
}

await using (worker)
{
    try
    {
        await worker.CompileAsync(csd, []);
    }
    catch (CsoundCompileException error)
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 2;
    }

    var recorder = new StereoRecorder(TimeSpan.FromSeconds(seconds));
    await using var stream = await SandboxedCsoundStream.StartAsync(worker, sandbox);
    stream.Track.AddConsumer(recorder);
    await Task.WhenAny(recorder.Full, stream.Completion);
    await stream.StopAsync();

    recorder.WriteWav(output);
    var statistics = stream.AudioStatistics;
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"Wrote {recorder.Seconds:0.00} s of 48 kHz stereo to {output}; underruns {statistics.Underruns}, drops {statistics.Drops}"));
    return 0;
}
