namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Whether the unprivileged user a root host's sandbox runs as can reach the files it must bind: bubblewrap opens
/// them as that user, so a folder only root may enter (such as root's own home, mode 0700) stops every worker.
/// </summary>
public static class SandboxPathAccess
{
    /// <summary>
    /// The first folder on the way to <paramref name="path"/> that other users may not enter, or the file itself when
    /// they may not read it; null when the whole way is open. Ownership is not consulted: the sandbox's user owns
    /// none of these, so only the permissions for others count.
    /// </summary>
    public static string? FirstClosedStep(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder) && !File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute))
            {
                // Report the outermost closed folder: opening it is what the operator has to decide.
                var outer = folder;
                for (var above = Path.GetDirectoryName(folder); above is not null; above = Path.GetDirectoryName(above))
                {
                    if (Directory.Exists(above) && !File.GetUnixFileMode(above).HasFlag(UnixFileMode.OtherExecute))
                    {
                        outer = above;
                    }
                }

                return outer;
            }
        }

        return File.Exists(full) && !File.GetUnixFileMode(full).HasFlag(UnixFileMode.OtherRead) ? full : null;
    }
}
