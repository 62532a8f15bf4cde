using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Checks the worker file before anything is launched: that it exists, is a native executable for the machine the
/// host runs on and, for a build of a wider instruction set level, that this CPU has those instructions, so that a
/// wrong build is reported by its cause instead of as a sandbox that dies at start.
/// </summary>
internal static class WorkerExecutable
{
    private const ushort MachineX64 = 62;
    private const ushort MachineArm64 = 183;

    // The runtime identifiers the Orchestron.Streaming package carries a worker for.
    private const string PackagedRuntimes = "linux-x64";

    /// <summary>Null when <paramref name="path"/> can run here; otherwise why not, naming the file.</summary>
    internal static string? Problem(string path) => Problem(path, WorkerLocation.Candidates());

    /// <summary>
    /// Null when <paramref name="path"/> can run here; otherwise why not. A missing worker that is one of the places
    /// looked at by default is reported with all of them: none held a worker.
    /// </summary>
    internal static string? Problem(string path, IReadOnlyList<string> candidates) => Problem(path, candidates, WorkerVariant.SupportedLevels);

    /// <summary>As <see cref="Problem(string, IReadOnlyList{string})"/>, on a CPU that runs <paramref name="supportedLevels"/>.</summary>
    internal static string? Problem(string path, IReadOnlyList<string> candidates, IReadOnlyList<string> supportedLevels)
    {
        if (!File.Exists(path))
        {
            return candidates.Contains(Path.GetFullPath(path), StringComparer.Ordinal) && !candidates.Any(File.Exists)
                ? $"the Csound worker ({CsoundSandboxOptions.WorkerFileName}) was found in none of: {string.Join(", ", candidates)}; "
                    + $"build or publish the host (which puts it next to the host), or reference the Orchestron.Streaming package, whose worker is for {PackagedRuntimes}"
                : $"the Csound worker is missing ({path})";
        }

        Span<byte> header = stackalloc byte[20];
        int read;
        try
        {
            using var file = File.OpenRead(path);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"the Csound worker ({path}) cannot be read: {error.Message}";
        }

        if (read < header.Length || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            return $"the Csound worker ({path}) is not a native executable (an ELF file); it is published with NativeAOT by building the host";
        }

        var machine = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
        var expected = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => MachineX64,
            Architecture.Arm64 => MachineArm64,
            _ => (ushort)0,
        };
        if (header[4] != 2 || machine != expected)
        {
            return $"the Csound worker ({path}) is built for {MachineName(header[4], machine)}, but this host runs on "
                + $"{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}; build the host on this machine or publish it for this machine's runtime identifier";
        }

        if (WorkerVariant.LevelOf(path) is { } level && WorkerVariant.Missing(level, supportedLevels) is { } missing)
        {
            return $"the Csound worker ({path}) is compiled for {level}, which needs {missing}, and this CPU lacks some of it; "
                + $"start the portable {CsoundSandboxOptions.WorkerFileName} from the same folder instead";
        }

        return null;
    }

    private static string MachineName(byte elfClass, ushort machine) => (elfClass, machine) switch
    {
        (2, MachineX64) => "x64",
        (2, MachineArm64) => "arm64",
        (1, 3) => "32-bit x86",
        (1, 40) => "32-bit arm",
        _ => $"ELF machine {machine} ({(elfClass == 2 ? 64 : 32)}-bit)",
    };
}
