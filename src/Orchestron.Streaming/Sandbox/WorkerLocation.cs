using System.Runtime.InteropServices;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Where the Csound worker is looked for, in order: next to the application (the host's own build and publish, and a
/// consumer's build or publish for a runtime identifier), under <c>runtimes/&lt;rid&gt;/native/</c> next to it (a
/// consumer's portable build or publish of the Orchestron.Streaming package), and in the native search directories
/// the .NET host resolved from the application's dependencies.
/// </summary>
internal static class WorkerLocation
{
    /// <summary>The portable runtime identifier the package's worker is filed under for this machine (e.g. <c>linux-x64</c>).</summary>
    internal static string RuntimeIdentifier =>
        (OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsWindows() ? "win" : "unknown")
        + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>The places looked at, first to last, without duplicates.</summary>
    internal static IReadOnlyList<string> Candidates(string baseDirectory, string? nativeSearchDirectories, string runtimeIdentifier)
    {
        var candidates = new List<string>
        {
            Path.Combine(baseDirectory, CsoundSandboxOptions.WorkerFileName),
            Path.Combine(baseDirectory, "runtimes", runtimeIdentifier, "native", CsoundSandboxOptions.WorkerFileName),
        };
        foreach (var directory in (nativeSearchDirectories ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            candidates.Add(Path.Combine(directory, CsoundSandboxOptions.WorkerFileName));
        }

        return candidates.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The places looked at for this application. The shared framework's folder, which the runtime lists among the
    /// native search directories of a framework-dependent application, never holds the worker and is left out.
    /// </summary>
    internal static IReadOnlyList<string> Candidates()
    {
        var framework = Path.TrimEndingDirectorySeparator(RuntimeEnvironment.GetRuntimeDirectory());
        var application = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var searched = ((AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(directory => Path.TrimEndingDirectorySeparator(directory) is var trimmed
                && (trimmed == application || !string.Equals(trimmed, framework, StringComparison.Ordinal)));
        return Candidates(AppContext.BaseDirectory, string.Join(Path.PathSeparator, searched), RuntimeIdentifier);
    }

    /// <summary>
    /// The worker to start: in the first candidate's folder that holds one, the build for the widest instruction set
    /// level this CPU runs (<see cref="WorkerVariant"/>), else the portable one; the first candidate when no worker
    /// exists anywhere (the problem then names every place looked at).
    /// </summary>
    internal static string Find(IReadOnlyList<string> candidates) => Find(candidates, WorkerVariant.SupportedLevels);

    /// <summary>As <see cref="Find(IReadOnlyList{string})"/>, for a CPU that runs <paramref name="supportedLevels"/> (widest first).</summary>
    internal static string Find(IReadOnlyList<string> candidates, IReadOnlyList<string> supportedLevels) =>
        candidates.SelectMany(candidate => WorkerVariant.Files(candidate, supportedLevels)).FirstOrDefault(File.Exists) ?? candidates[0];
}
