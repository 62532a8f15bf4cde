using System.Diagnostics;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// Another process that keeps one core busy for as long as it lives: the competition a real host meets from its
/// neighbours, which is what the pacer's schedule must hold against.
/// </summary>
internal sealed class BusyCore : IDisposable
{
    private readonly Process _process;

    private BusyCore(Process process) => _process = process;

    /// <summary>Starts a shell that spins in a loop at normal priority.</summary>
    public static BusyCore Start()
    {
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("/bin/sh did not start.");
        return new BusyCore(process);
    }

    /// <summary>Stops the spinning process.</summary>
    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        _process.Dispose();
    }
}
