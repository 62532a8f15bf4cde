using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Orchestron.Csound;

namespace Orchestron.Benchmarks.Csound;

/// <summary>
/// Rendering the default instrument through the package (create, compile, start, <c>PerformKsmps</c>
/// and reading every <c>spout</c> block, dispose) against the <c>csound</c> command-line program
/// rendering the same CSD for the same duration with <c>-n</c>.
/// </summary>
/// <remarks>
/// Both sides do the whole job, from nothing to the last block, so the ratio includes the CLI's process
/// start. The CLI's output goes to a file: with a closed stderr pipe it spins at full CPU.
/// </remarks>
[MemoryDiagnoser]
public class CsoundRenderBenchmarks
{
    private string _directory = string.Empty;
    private string _csdPath = string.Empty;
    private string _logPath = string.Empty;
    private string _csd = string.Empty;

    /// <summary>Seconds of audio rendered per operation (plus the instrument's two-second reverb tail).</summary>
    [Params(8)]
    public int Seconds { get; set; }

    /// <summary>Checksum of the last package render, so the spout reads cannot be optimised away.</summary>
    public double LastChecksum { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("orchestron-bench-").FullName;
        _csd = CsoundDefaults.CreateDefaultInstrumentCsd(TimeSpan.FromSeconds(Seconds));
        _csdPath = Path.Combine(_directory, "default.csd");
        _logPath = Path.Combine(_directory, "csound.log");
        File.WriteAllText(_csdPath, _csd);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "csound CLI -n")]
    public int CsoundCommandLine()
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("exec csound -n -d -m0 \"$1\" >\"$2\" 2>&1 </dev/null");
        startInfo.ArgumentList.Add("csound-benchmark");
        startInfo.ArgumentList.Add(_csdPath);
        startInfo.ArgumentList.Add(_logPath);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start csound.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"csound exited with {process.ExitCode}: {File.ReadAllText(_logPath)}");
        }

        return process.ExitCode;
    }

    [Benchmark(Description = "Orchestron.Csound PerformKsmps + spout")]
    public double PackagePerformKsmps()
    {
        using var csound = new CsoundInstance(CsoundInstanceOptions.Headless());
        csound.CompileCsdText(_csd);
        csound.Start();
        var checksum = 0.0;
        while (!csound.PerformKsmps())
        {
            foreach (var sample in csound.Spout)
            {
                checksum += sample;
            }
        }

        LastChecksum = checksum;
        return checksum;
    }
}
