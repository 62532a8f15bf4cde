using System.Diagnostics;
using System.Globalization;

namespace Orchestron.Testing;

/// <summary>
/// A JACK server for local-mode tests: the one named by <c>JACK_DEFAULT_SERVER</c> when it answers,
/// otherwise a private server with the dummy driver (no sound card needed) that is stopped on dispose.
/// </summary>
public sealed class JackServer : IAsyncDisposable
{
    private readonly Process? _owned;

    private JackServer(string name, int sampleRate, Process? owned)
    {
        Name = name;
        SampleRate = sampleRate;
        _owned = owned;
    }

    public string Name { get; }

    public int SampleRate { get; }

    public static async Task<JackServer> ConnectOrStartAsync()
    {
        var existing = Environment.GetEnvironmentVariable("JACK_DEFAULT_SERVER");
        if (!string.IsNullOrEmpty(existing) && await IsRunningAsync(existing))
        {
            return new JackServer(existing, await SampleRateOfAsync(existing), null);
        }

        var name = $"orchestron-csound-test-{Environment.ProcessId}";
        var startInfo = new ProcessStartInfo("jackd")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--no-realtime", "-n", name, "-d", "dummy", "-r", "48000", "-p", "256" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["JACK_NO_AUDIO_RESERVATION"] = "1";
        var jackd = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start jackd (install jackd2).");
        jackd.OutputDataReceived += (_, _) => { };
        jackd.ErrorDataReceived += (_, _) => { };
        jackd.BeginOutputReadLine();
        jackd.BeginErrorReadLine();

        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (jackd.HasExited)
            {
                break;
            }

            if (await IsRunningAsync(name))
            {
                // libjack reads the server name from the C environment when Csound opens its client.
                NativeEnvironment.Set("JACK_DEFAULT_SERVER", name);
                return new JackServer(name, 48000, jackd);
            }

            await Task.Delay(200);
        }

        var exitedWith = jackd.HasExited ? jackd.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running";
        await StopAsync(jackd);
        throw new InvalidOperationException($"The JACK server '{name}' did not come up (jackd {exitedWith}).");
    }

    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["JACK_DEFAULT_SERVER"] = Name,
        ["JACK_NO_START_SERVER"] = "1",
    };

    public async Task WaitForPortAsync(string port, Task stopWaitingWhenDone)
    {
        for (var attempt = 0; attempt < 150 && !stopWaitingWhenDone.IsCompleted; attempt++)
        {
            var (exitCode, output) = await Tool.RunAsync("jack_lsp", [], ClientEnvironment);
            if (exitCode == 0 && output.Split('\n').Any(line => line.Trim() == port))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The JACK port '{port}' did not appear on server '{Name}'.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await StopAsync(_owned);
        }
    }

    private static async Task<bool> IsRunningAsync(string name)
    {
        var environment = new Dictionary<string, string> { ["JACK_DEFAULT_SERVER"] = name, ["JACK_NO_START_SERVER"] = "1" };
        var (exitCode, output) = await Tool.RunAsync("jack_lsp", [], environment);
        return exitCode == 0 && output.Contains("system:playback_1", StringComparison.Ordinal);
    }

    private static async Task<int> SampleRateOfAsync(string name)
    {
        var environment = new Dictionary<string, string> { ["JACK_DEFAULT_SERVER"] = name, ["JACK_NO_START_SERVER"] = "1" };
        var (exitCode, output) = await Tool.RunAsync("jack_samplerate", [], environment);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"jack_samplerate failed on server '{name}': {output}");
        }

        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task StopAsync(Process jackd)
    {
        await Posix.TerminateAsync(jackd);
        jackd.Dispose();
    }
}
