using Orchestron.Streaming.Sandbox;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>Where the worker is looked for: next to the application, under the package's runtimes folder, in the native search directories.</summary>
public sealed class WorkerLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orchestron-worker-location-").FullName;

    [Fact]
    public void The_application_folder_comes_first_then_the_packages_runtimes_folder_then_the_native_search_directories()
    {
        var app = Path.Combine(_root, "app");
        var packageNative = Path.Combine(_root, "cache", "orchestron.streaming", "runtimes", "linux-x64", "native");

        var candidates = WorkerLocation.Candidates(app + "/", $"{packageNative}/:{app}/:", "linux-x64");

        Assert.Equal(
            [
                Path.Combine(app, CsoundSandboxOptions.WorkerFileName),
                Path.Combine(app, "runtimes", "linux-x64", "native", CsoundSandboxOptions.WorkerFileName),
                Path.Combine(packageNative, CsoundSandboxOptions.WorkerFileName),
            ],
            candidates);
    }

    [Fact]
    public void The_first_existing_candidate_is_found_and_without_one_the_problem_names_every_place_looked_at()
    {
        var app = Path.Combine(_root, "app");
        var candidates = WorkerLocation.Candidates(app, null, "linux-x64");

        Assert.Equal(candidates[0], WorkerLocation.Find(candidates));
        var problem = WorkerExecutable.Problem(candidates[0], candidates);
        Assert.NotNull(problem);
        Assert.Contains(candidates[0], problem, StringComparison.Ordinal);
        Assert.Contains(candidates[1], problem, StringComparison.Ordinal);
        Assert.Contains("Orchestron.Streaming package", problem, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.GetDirectoryName(candidates[1])!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName), candidates[1]);
        Assert.Equal(candidates[1], WorkerLocation.Find(candidates));
        Assert.Null(WorkerExecutable.Problem(WorkerLocation.Find(candidates), candidates));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
