using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Packaging.Tests;

/// <summary>
/// The sandbox as a NuGet consumer gets it: samples/SandboxedToWav restored from the packed feed, built and
/// published the ordinary ways, runs a sine in bubblewrap with the worker the Orchestron.Streaming package brought,
/// and the WAV it writes holds that sine. Without the worker it says where it looked and runs nothing.
/// </summary>
[Collection(RepositoryPackCollection.Name)]
public sealed class SandboxedConsumerTests(ITestOutputHelper output) : IDisposable
{
    private const string Worker = "Orchestron.Csound.Worker";

    // The same program compiled for AVX2 and FMA, and for AVX-512: the sandbox starts the widest the CPU has.
    private static readonly string[] WiderWorkers = ["Orchestron.Csound.Worker.x86-64-v3", "Orchestron.Csound.Worker.x86-64-v4"];
    private readonly string _work = Directory.CreateTempSubdirectory("orchestron-sandboxed-consumer-").FullName;
    private LocalFeed? _feed;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_consumer_built_or_published_from_the_feed_runs_a_sine_in_the_sandbox_with_the_packages_worker()
    {
        _feed = await LocalFeed.PackAsync(_work);
        var package = Path.Combine(_feed.Directory, $"Orchestron.Streaming.{_feed.Version}.nupkg");
        using (var archive = ZipFile.OpenRead(package))
        {
            var entries = archive.Entries.Select(entry => entry.FullName).ToList();
            output.WriteLine(string.Join(", ", entries));
            Assert.Contains($"runtimes/linux-x64/native/{Worker}", entries);
            Assert.All(WiderWorkers, wider => Assert.Contains($"runtimes/linux-x64/native/{wider}", entries));
            Assert.Contains("buildTransitive/Orchestron.Streaming.targets", entries);
        }

        var sample = _feed.CopySample("SandboxedToWav", Path.Combine(_work, "SandboxedToWav"));
        var csd = Path.Combine(_work, "sine.csd");
        File.WriteAllText(csd, TestInstruments.Sine(440, seconds: 60));

        // A portable build: the SDK puts the native asset under runtimes/linux-x64/native/.
        await DotnetCli.RunAsync(sample, TimeSpan.FromMinutes(4), "build", "-c", "Release", $"-p:OrchestronVersion={_feed.Version}");
        var built = Path.Combine(sample, "bin", "Release", "net10.0");
        var builtWorker = Path.Combine(built, "runtimes", "linux-x64", "native", Worker);
        AssertExecutableByEveryone(builtWorker);
        Assert.All(WiderWorkers, wider => AssertExecutableByEveryone(Path.Combine(built, "runtimes", "linux-x64", "native", wider)));
        if (Environment.IsPrivilegedProcess)
        {
            // As root the sandbox runs as nobody, who may not enter this test's own folder (mode 0700) on the way to the worker.
            var (refusedCode, refused) = await RunAsync(["dotnet", Path.Combine(built, "SandboxedToWav.dll"), csd, "--seconds", "1", "--out", Path.Combine(_work, "refused.wav")]);
            output.WriteLine(refused);
            Assert.Equal(1, refusedCode);
            Assert.Contains($"may not enter {_work}", refused, StringComparison.Ordinal);
            File.SetUnixFileMode(_work, File.GetUnixFileMode(_work) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }

        await AssertPlaysTheSineAsync(["dotnet", Path.Combine(built, "SandboxedToWav.dll")], csd, WorkerThisCpuStarts(builtWorker), "build");

        // A publish for the runtime identifier: the worker lies next to the application.
        var published = Path.Combine(_work, "published");
        await DotnetCli.RunAsync(sample, TimeSpan.FromMinutes(4), "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-o", published, $"-p:OrchestronVersion={_feed.Version}");
        var publishedWorker = Path.Combine(published, Worker);
        AssertExecutableByEveryone(publishedWorker);
        Assert.All(WiderWorkers, wider => AssertExecutableByEveryone(Path.Combine(published, wider)));
        await AssertPlaysTheSineAsync([Path.Combine(published, "SandboxedToWav")], csd, WorkerThisCpuStarts(publishedWorker), "publish");

        // Without the worker: the places looked at, and no Csound run anywhere.
        File.Delete(publishedWorker);
        Assert.All(WiderWorkers, wider => File.Delete(Path.Combine(published, wider)));
        var (code, text) = await RunAsync([Path.Combine(published, "SandboxedToWav"), csd, "--seconds", "1", "--out", Path.Combine(_work, "none.wav")]);
        output.WriteLine(text);
        Assert.Equal(1, code);
        Assert.Contains("was found in none of", text, StringComparison.Ordinal);
        Assert.Contains(publishedWorker, text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "none.wav")));
    }

    public void Dispose()
    {
        _feed?.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private async Task AssertPlaysTheSineAsync(string[] command, string csd, string expectedWorker, string layout)
    {
        var wav = Path.Combine(_work, layout + ".wav");
        var (code, text) = await RunAsync([.. command, csd, "--seconds", "2", "--out", wav]);
        output.WriteLine($"{layout}: {text}");
        Assert.True(code == 0, $"{layout}: exited with {code}:\n{text}");
        Assert.Contains($"Csound worker: {expectedWorker}{Environment.NewLine}", text, StringComparison.Ordinal);

        var left = LeftChannelOfFloatStereoWav(File.ReadAllBytes(wav));
        Assert.Equal(2 * 48_000, left.Length);
        var lastSecond = left.AsSpan(48_000);
        var frequency = SignalAnalysis.MedianFrequency(lastSecond, 48_000);
        var rms = SignalAnalysis.Rms(lastSecond);
        output.WriteLine($"{layout}: {frequency:0.00} Hz, RMS {rms:0.000}");
        Assert.InRange(frequency, 439, 441);
        Assert.InRange(rms, 0.33, 0.38); // a sine of amplitude 0.5: 0.354
    }

    private static float[] LeftChannelOfFloatStereoWav(byte[] file)
    {
        Assert.Equal("RIFF", Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal(3, BitConverter.ToInt16(file, 20)); // IEEE float
        Assert.Equal(2, BitConverter.ToInt16(file, 22));
        Assert.Equal(48_000, BitConverter.ToInt32(file, 24));
        var data = file.AsSpan(44, BitConverter.ToInt32(file, 40));
        var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data);
        var left = new float[samples.Length / 2];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = samples[2 * i];
        }

        return left;
    }

    /// <summary>The build beside <paramref name="portableWorker"/> this CPU starts: x86-64-v4 with AVX-512, x86-64-v3 with AVX2 and FMA, else the portable one.</summary>
    private static string WorkerThisCpuStarts(string portableWorker)
    {
        var folder = Path.GetDirectoryName(portableWorker)!;
        if (Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported)
        {
            return Path.Combine(folder, WiderWorkers[1]);
        }

        return Avx2.IsSupported && Fma.IsSupported ? Path.Combine(folder, WiderWorkers[0]) : portableWorker;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertExecutableByEveryone(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing");
        var mode = File.GetUnixFileMode(path);
        Assert.True(mode.HasFlag(UnixFileMode.OtherExecute) && mode.HasFlag(UnixFileMode.UserExecute), $"{path} has mode {mode}");
    }

    private static async Task<(int Code, string Text)> RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var text = new StringBuilder();
        process.OutputDataReceived += (_, e) => DotnetCli.Append(text, e.Data);
        process.ErrorDataReceived += (_, e) => DotnetCli.Append(text, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within 90 s:\n{DotnetCli.Text(text)}");
        }

        return (process.ExitCode, DotnetCli.Text(text));
    }
}
