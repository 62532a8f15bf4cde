using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orchestron.Testing;

/// <summary>Asks a child process to end with SIGTERM, so that it can clean up (jackd removes its shared memory).</summary>
public static partial class Posix
{
    private const int SignalTerminate = 15;

    public static async Task TerminateAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        _ = Kill(process.Id, SignalTerminate);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int processId, int signal);
}
