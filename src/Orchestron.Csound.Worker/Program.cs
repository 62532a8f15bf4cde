namespace Orchestron.Csound.Worker;

/// <summary>
/// A Csound worker: one session's Csound in its own (normally sandboxed) process. The host talks to it over
/// stdin/stdout with the binary control protocol and reads its audio from the shared ring; nothing else may be
/// written to stdout.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Before any Csound code is read: the limits hold for everything the CSD does.
        WorkerLimits.Parse(args).Apply();
        SandboxPlugins.OmitUnusable();

        var output = Console.OpenStandardOutput();
        Console.SetOut(TextWriter.Null);
        var host = new HostChannel(Console.OpenStandardInput(), output);
        using var session = new WorkerSession(host);
        try
        {
            return session.Run();
        }
        catch (InvalidDataException error)
        {
            // A malformed message from the host: say why on stderr (the host keeps the tail) and exit.
            await Console.Error.WriteLineAsync("Protocol error: " + error.Message).ConfigureAwait(false);
            return 2;
        }
    }
}
