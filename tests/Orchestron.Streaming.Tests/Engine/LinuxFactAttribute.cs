namespace Orchestron.Streaming.Tests.Engine;

/// <summary>
/// A fact about Linux's own clocks and system calls: elsewhere it is reported as skipped, with the reason, rather
/// than passing without having checked anything.
/// </summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Marks the test skipped off Linux.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Checks Linux's CLOCK_MONOTONIC and clock_nanosleep; this platform has neither.";
        }
    }
}
