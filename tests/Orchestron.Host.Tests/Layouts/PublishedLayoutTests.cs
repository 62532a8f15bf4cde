using System.Diagnostics;

namespace Orchestron.Host.Tests.Layouts;

/// <summary>
/// The host as <c>dotnet publish</c> lays it out (what the Docker image copies to /app), started from that folder
/// alone: its sandbox must find everything its worker needs there, or say exactly why it cannot.
/// </summary>
[Collection(HostBuildCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishedLayoutTests : IClassFixture<PublishedLayoutTests.PublishedHost>
{
    private readonly PublishedHost _published;

    public PublishedLayoutTests(PublishedHost published) => _published = published;

    [Fact]
    public async Task A_published_host_plays_csd_in_its_sandbox()
    {
        await using var host = await _published.StartAsync();

        await SandboxedPlayback.AssertCsdPlaysSandboxedAsync(host);
    }

    [Fact]
    public async Task A_root_host_in_a_folder_others_may_not_enter_names_that_folder_and_refuses_csd()
    {
        var closed = Directory.CreateTempSubdirectory("orchestron-closed-");
        try
        {
            File.SetUnixFileMode(closed.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var inside = Path.Combine(closed.FullName, "app");
            CopyFolder(_published.Folder, inside);
            await using var host = await ShippedHost.StartAsync(
                Path.Combine(inside, "Orchestron.Host"), ShippedHost.NetworkCsdArguments, inside, TimeSpan.FromMinutes(1));

            if (!Environment.IsPrivilegedProcess)
            {
                // An ordinary user's sandbox runs as that user, who may enter the folder: it plays as anywhere.
                await SandboxedPlayback.AssertCsdPlaysSandboxedAsync(host);
                return;
            }

            var line = await host.WaitForOutputAsync("Sandboxed sessions (are available|are unavailable)", TimeSpan.FromSeconds(30));
            Assert.Contains("unavailable", line, StringComparison.Ordinal);
            Assert.Contains($"may not enter {closed.FullName} on the way", host.Output, StringComparison.Ordinal);
            using var refused = await host.Client.PostAsync(
                "/api/sessions",
                System.Net.Http.Json.JsonContent.Create(new { csd = Orchestron.Testing.TestInstruments.Sine(1000) }));
            Assert.False(refused.IsSuccessStatusCode, await refused.Content.ReadAsStringAsync());
        }
        finally
        {
            closed.Delete(recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>One <c>dotnet publish</c> for the class, into a folder anyone may read, as an install folder is.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public sealed class PublishedHost : IDisposable
    {
        public PublishedHost()
        {
            var folder = Directory.CreateTempSubdirectory("orchestron-publish-");
            File.SetUnixFileMode(
                folder.FullName,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Folder = folder.FullName;
            Publish(ShippedHost.RepositoryRoot(), Folder);
        }

        public string Folder { get; }

        internal Task<ShippedHost> StartAsync() => ShippedHost.StartAsync(
            Path.Combine(Folder, "Orchestron.Host"), ShippedHost.NetworkCsdArguments, Folder, TimeSpan.FromMinutes(1));

        public void Dispose() => Directory.Delete(Folder, recursive: true);

        /// <summary>The same command the image's build stage runs, into a folder of the test's own.</summary>
        private static void Publish(string root, string output)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["publish", "src/Orchestron.Host/Orchestron.Host.csproj", "-c", "Release", "-o", output, "-nologo"])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
            }

            Assert.True(process.HasExited && process.ExitCode == 0, $"dotnet publish failed:\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
