namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// What is checked before a worker is launched, so that a sandbox that cannot start is reported by its cause rather
/// than by bubblewrap's last words: the worker file, bubblewrap itself, and whether the sandbox's user can reach the
/// worker when this process runs as root.
/// </summary>
internal static class SandboxPreflight
{
    /// <summary>Null when a sandboxed worker can be launched with <paramref name="options"/>; otherwise why not.</summary>
    internal static string? Problem(CsoundSandboxOptions options)
    {
        if (WorkerExecutable.Problem(options.WorkerPath) is { } worker)
        {
            return worker;
        }

        if (!File.Exists(options.BwrapPath))
        {
            return $"bubblewrap is not installed ({options.BwrapPath} is missing; Debian: apt-get install bubblewrap)";
        }

        if (options.DropsPrivileges && SandboxPathAccess.FirstClosedStep(options.WorkerPath) is { } closed)
        {
            return $"this process runs as root and its sandbox as user {options.SandboxUserId}, which may not enter {closed} on the way to "
                + $"the Csound worker ({options.WorkerPath}); let others enter that folder (chmod o+x) or run as an ordinary user";
        }

        return null;
    }
}
