using System.Globalization;

namespace Orchestron.Streaming.Sandbox;

/// <summary>Reads a process's CPU time (user + system, all its threads) from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal static class ProcessCpuTime
{
    // USER_HZ is 100 on every Linux the host runs on.
    private const double TicksPerSecond = 100;

    internal static TimeSpan Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception error) when (error is IOException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }
}
