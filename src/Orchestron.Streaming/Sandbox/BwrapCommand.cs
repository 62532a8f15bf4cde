using System.Globalization;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Builds the bubblewrap command line for a worker: every namespace unshared (no network at all), no
/// capabilities, a fresh session, a seccomp filter, a read-only root with read-only binds of only what the worker
/// and Csound load, sized tmpfs mounts as home, working directory and <c>/tmp</c>, no kernel symbols in
/// <c>/proc</c>, and the session's shared audio file at a fixed path.
/// </summary>
internal static class BwrapCommand
{
    /// <summary>Where the shared audio region appears inside the sandbox.</summary>
    internal const string SandboxRegionPath = "/run/orchestron/audio";

    /// <summary>The worker's home and working directory inside the sandbox (an empty tmpfs).</summary>
    internal const string SandboxHome = "/home/csound";

    /// <summary>The descriptor on which bubblewrap reads the seccomp program, opened by the shell that starts it.</summary>
    internal const int SeccompDescriptor = 3;

    // System libraries: the loader, libc, libcsound64, libsndfile and its codecs, and Csound's opcode directory.
    private static readonly string[] LibraryDirectories = ["/usr/lib", "/usr/lib64", "/lib", "/lib64"];

    // Files of /proc that tell a process about the kernel rather than about itself: covered with /dev/null.
    private static readonly string[] MaskedProcFiles = ["/proc/kallsyms", "/proc/modules", "/proc/keys", "/proc/timer_list", "/proc/sched_debug"];

    /// <summary>The program and arguments that start the worker (or, unsandboxed, the worker alone).</summary>
    /// <param name="options">Paths and limits.</param>
    /// <param name="regionPath">The shared audio region's path on the host.</param>
    /// <param name="seccompPath">The seccomp program's file (see <see cref="SeccompFilter"/>); ignored when unsandboxed.</param>
    internal static IReadOnlyList<string> Build(CsoundSandboxOptions options, string regionPath, string seccompPath) =>
        Build(options, regionPath, seccompPath, [Path.GetFullPath(options.WorkerPath), .. WorkerArguments(options)]);

    /// <summary>The same sandbox around another program, bound read-only at its own path: how the tests look inside it.</summary>
    internal static IReadOnlyList<string> Build(CsoundSandboxOptions options, string regionPath, string seccompPath, IReadOnlyList<string> program)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(regionPath);
        ArgumentNullException.ThrowIfNull(program);
        if (options.Unsandboxed)
        {
            return program;
        }

        ArgumentException.ThrowIfNullOrEmpty(seccompPath);

        // The shell opens the seccomp program as descriptor 3 and replaces itself with what follows: no process
        // stays behind, and the host never holds a descriptor that other children could inherit.
        var arguments = new List<string> { "/bin/sh", "-c", $"exec \"$@\" {SeccompDescriptor}<\"$0\"", seccompPath };
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

        var tmpfsSize = options.TmpfsBytes.ToString(CultureInfo.InvariantCulture);
        arguments.AddRange(
        [
            options.BwrapPath,
            "--unshare-all",
            // Not --as-pid-1: bubblewrap's init (1.4 MB resident, 0.2 MB proportional) stays, so that the worker is
            // an ordinary process to signals (a PID 1 ignores every signal it has no handler for, a crash's included
            // when sent from outside) and what a CSD forks is reaped.
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--seccomp", SeccompDescriptor.ToString(CultureInfo.InvariantCulture),
            "--clearenv",
            "--setenv", "HOME", SandboxHome,
            "--setenv", "PATH", "/nonexistent",
            "--setenv", "DOTNET_GCHeapHardLimit", options.ManagedHeapBytes.ToString("x", CultureInfo.InvariantCulture),
            "--dev", "/dev",
            "--size", tmpfsSize, "--tmpfs", "/tmp",
            "--size", tmpfsSize, "--tmpfs", SandboxHome,
            "--chdir", SandboxHome,
        ]);

        if (options.MountProc)
        {
            arguments.AddRange(["--proc", "/proc"]);
            foreach (var file in MaskedProcFiles)
            {
                if (File.Exists(file))
                {
                    arguments.AddRange(["--ro-bind", "/dev/null", file]);
                }
            }
        }

        foreach (var directory in LibraryDirectories)
        {
            AddSystemPath(arguments, directory);
        }

        AddSystemPath(arguments, "/etc/ld.so.cache");
        var executable = Path.GetFullPath(program[0]);
        arguments.AddRange(["--ro-bind", executable, executable]);
        arguments.AddRange(["--bind", regionPath, SandboxRegionPath]);

        // Last, once every mount point exists: the root and /dev become read-only, so that only the two sized
        // tmpfs mounts take writes.
        arguments.AddRange(["--remount-ro", "/dev", "--remount-ro", "/", "--", executable]);
        arguments.AddRange(program.Skip(1));
        return arguments;
    }

    private static List<string> WorkerArguments(CsoundSandboxOptions options) =>
    [
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
