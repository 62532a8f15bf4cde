using System.Diagnostics;

namespace Orchestron.Testing.Network;

/// <summary>Runs iproute2's <c>ip</c> and nftables' <c>nft</c> to completion, synchronously, so that cleanup can run from Dispose.</summary>
internal static class IpCommand
{
    internal const string Ip = "/usr/sbin/ip";
    internal const string Nft = "/usr/sbin/nft";

    /// <summary>Runs <c>ip</c> with <paramref name="arguments"/>; throws with its output when it fails.</summary>
    internal static string Run(params string[] arguments) => RunFile(Ip, arguments);

    /// <summary>Runs <c>nft</c> inside <paramref name="namespaceName"/> with one rule-set command.</summary>
    internal static string Nftables(string namespaceName, string command) => Run("netns", "exec", namespaceName, Nft, command);

    /// <summary>Runs a command and returns its exit code and output, without throwing.</summary>
    internal static (int ExitCode, string Output) TryRun(string file, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{file} did not finish within 30 s");
            }

            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (-1, $"{file} could not be started: {error.Message}");
        }
    }

    private static string RunFile(string file, string[] arguments)
    {
        var (exitCode, output) = TryRun(file, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({exitCode}): {output.Trim()}");
        }

        return output;
    }
}
