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

    [Fact]
    public void In_a_folder_with_wider_builds_the_widest_this_cpu_runs_is_found_else_the_portable_one()
    {
        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        var candidates = WorkerLocation.Candidates(app, null, "linux-x64");
        var portable = candidates[0];
        var v3 = portable + ".x86-64-v3";
        File.Copy(Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName), portable);
        File.Copy(Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName), v3);

        Assert.Equal(portable, WorkerLocation.Find(candidates, []));
        Assert.Equal(v3, WorkerLocation.Find(candidates, ["x86-64-v3"]));
        // No x86-64-v4 build in the folder: the next level down.
        Assert.Equal(v3, WorkerLocation.Find(candidates, ["x86-64-v4", "x86-64-v3"]));

        // A wider build in a later place does not beat the portable one in an earlier place.
        File.Delete(v3);
        var packaged = candidates[1];
        Directory.CreateDirectory(Path.GetDirectoryName(packaged)!);
        File.Copy(portable, packaged + ".x86-64-v3");
        Assert.Equal(portable, WorkerLocation.Find(candidates, ["x86-64-v3"]));
    }

    [Fact]
    public void A_build_for_a_level_the_cpu_lacks_is_refused_naming_the_level_and_what_it_needs()
    {
        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        var candidates = WorkerLocation.Candidates(app, null, "linux-x64");
        var v3 = candidates[0] + ".x86-64-v3";
        File.Copy(Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName), v3);

        var problem = WorkerExecutable.Problem(v3, candidates, []);

        Assert.NotNull(problem);
        Assert.Contains(v3, problem, StringComparison.Ordinal);
        Assert.Contains("compiled for x86-64-v3", problem, StringComparison.Ordinal);
        Assert.Contains("AVX2", problem, StringComparison.Ordinal);
        Assert.Contains($"portable {CsoundSandboxOptions.WorkerFileName}", problem, StringComparison.Ordinal);
        Assert.Null(WorkerExecutable.Problem(v3, candidates, ["x86-64-v3"]));
    }

    [Theory]
    [InlineData("x86-64-v3")]
    [InlineData("x86-64-v4")]
    public void An_x64_build_carries_each_wider_build_beside_the_portable_one_and_no_other_build_does(string level)
    {
        var build = Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName + "." + level);
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.False(File.Exists(build), $"{build} is an x64 build");
            return;
        }

        Assert.Null(WorkerExecutable.Problem(build, [], [level]));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName)), File.ReadAllBytes(build));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
