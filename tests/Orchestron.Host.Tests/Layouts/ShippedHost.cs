using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Layouts;

/// <summary>
/// The host as a user starts it from a shipped layout (the README's run command, a published folder): a child
/// process on a free loopback port, its output kept for the assertions and for the failure message.
/// </summary>
internal sealed class ShippedHost : IAsyncDisposable
{
    /// <summary>An operator token long enough for the host's validation, for layouts started with network CSD on.</summary>
    public const string OperatorToken = "shipped-layout-operator-token-0123456789abcdef";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ShippedHost(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>The switches that let the operator post CSD text, which then always runs sandboxed.</summary>
    public static string[] NetworkCsdArguments => ["--allow-network-csd", "--operator-token", OperatorToken];

    /// <summary>Starts <paramref name="fileName"/> with the arguments, on a free port, and waits until it serves.</summary>
    /// <param name="patience">How long the start may take: a command that builds first needs minutes.</param>
    public static async Task<ShippedHost> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan patience)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("VISUALCSOUND_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        var host = new ShippedHost(Process.Start(start)!, port);
        try
        {
            await host.WaitUntilServingAsync(patience);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until a line of the host's output matches <paramref name="pattern"/>, and returns it.</summary>
    public async Task<string> WaitForOutputAsync(string pattern, TimeSpan patience)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(regex.IsMatch) is { } line)
            {
                return line;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The host never wrote a line matching '{pattern}':\n" + Output);
        return string.Empty;
    }

    /// <summary>The checkout the tests run from.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Posix.TerminateAsync(_process);
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "The host exited:\n" + Output);
            try
            {
                using var response = await Client.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail($"The host did not serve within {patience}:\n" + Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
