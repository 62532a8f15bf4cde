using System.Globalization;
using System.Text.Json;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Builds the bubblewrap command line for a worker: every namespace unshared (no network at all), no
/// capabilities, a fresh session, an empty root with read-only binds of only what the runtime and Csound load,
/// an empty tmpfs as home and working directory, and the session's shared audio file at a fixed path.
/// </summary>
public static class BwrapCommand
{
    /// <summary>Where the shared audio region appears inside the sandbox.</summary>
    public const string SandboxRegionPath = "/run/orchestron/audio";

    /// <summary>The worker's home and working directory inside the sandbox (an empty tmpfs).</summary>
    public const string SandboxHome = "/home/csound";

    // System libraries: the loader, libc, libcsound64, libsndfile and its codecs, and Csound's opcode directory.
    private static readonly string[] LibraryDirectories = ["/usr/lib", "/usr/lib64", "/lib", "/lib64"];

    /// <summary>The program and arguments to start, bubblewrap first (or the worker alone when unsandboxed).</summary>
    /// <param name="options">Paths and limits.</param>
    /// <param name="regionPath">The shared audio region's path on the host.</param>
    public static IReadOnlyList<string> Build(CsoundSandboxOptions options, string regionPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(regionPath);
        var worker = WorkerArguments(options);
        if (options.Unsandboxed)
        {
            return [options.DotnetPath, .. worker];
        }

        var arguments = new List<string>();
        if (options.DropsPrivileges)
        {
            arguments.AddRange(
            [
                options.SetprivPath,
                "--reuid=" + options.SandboxUserId!.Value.ToString(CultureInfo.InvariantCulture),
                "--regid=" + options.SandboxGroupId.ToString(CultureInfo.InvariantCulture),
                "--clear-groups",
                "--",
            ]);
        }

        arguments.AddRange(
        [
            options.BwrapPath,
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--clearenv",
            "--setenv", "HOME", SandboxHome,
            "--setenv", "PATH", "/nonexistent",
            "--setenv", "DOTNET_GCHeapHardLimit", options.ManagedHeapBytes.ToString("x", CultureInfo.InvariantCulture),
            "--setenv", "DOTNET_EnableDiagnostics", "0",
            "--setenv", "DOTNET_TieredPGO", "1",
            "--proc", "/proc",
            "--dev", "/dev",
            "--tmpfs", "/tmp",
            "--tmpfs", SandboxHome,
            "--chdir", SandboxHome,
        ]);

        foreach (var directory in LibraryDirectories)
        {
            AddSystemPath(arguments, directory);
        }

        AddSystemPath(arguments, "/etc/ld.so.cache");
        var dotnetDirectory = Path.GetDirectoryName(Path.GetFullPath(options.DotnetPath))!;
        arguments.AddRange(["--ro-bind", dotnetDirectory, dotnetDirectory]);
        foreach (var file in WorkerFiles(options.WorkerPath))
        {
            arguments.AddRange(["--ro-bind", file, file]);
        }

        arguments.AddRange(["--bind", regionPath, SandboxRegionPath, "--", options.DotnetPath]);
        arguments.AddRange(worker);
        return arguments;
    }

    /// <summary>The worker's files: its assembly, runtime configuration, dependency list, and each assembly that list names.</summary>
    /// <param name="workerPath">The worker's assembly.</param>
    public static IReadOnlyList<string> WorkerFiles(string workerPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(workerPath))!;
        var stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(workerPath));
        var files = new SortedSet<string>(StringComparer.Ordinal) { Path.GetFullPath(workerPath), stem + ".runtimeconfig.json", stem + ".deps.json" };
        using var deps = JsonDocument.Parse(File.ReadAllBytes(stem + ".deps.json"));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    foreach (var assembly in runtime.EnumerateObject())
                    {
                        var file = Path.Combine(directory, Path.GetFileName(assembly.Name));
                        if (File.Exists(file))
                        {
                            files.Add(file);
                        }
                    }
                }
            }
        }

        return [.. files];
    }

    private static List<string> WorkerArguments(CsoundSandboxOptions options) =>
    [
        Path.GetFullPath(options.WorkerPath),
        "--address-space-bytes", options.AddressSpaceBytes.ToString(CultureInfo.InvariantCulture),
        "--open-files", options.OpenFiles.ToString(CultureInfo.InvariantCulture),
        "--processes", options.Processes.ToString(CultureInfo.InvariantCulture),
        "--file-size-bytes", options.FileSizeBytes.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Binds a system path read-only, or recreates it as the symlink it is (merged /usr).</summary>
    private static void AddSystemPath(List<string> arguments, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            arguments.AddRange(["--symlink", target, path]);
        }
        else if (info.Exists || Directory.Exists(path))
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }
    }
}
