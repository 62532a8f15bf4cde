namespace Orchestron.WebRtc.Rtp;

/// <summary>64-bit NTP timestamps (seconds since 1900 in the high 32 bits, binary fraction in the low 32).</summary>
public static class NtpTimestamp
{
    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Converts a UTC time to NTP format.</summary>
    public static ulong FromDateTime(DateTime utc)
    {
        var ticks = (ulong)(utc.ToUniversalTime() - NtpEpoch).Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits, the "compact" form RTCP's LSR and round-trip arithmetic use (1/65536 s units).</summary>
    public static uint Compact(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Converts a duration in 1/65536 s units, as in DLSR, to a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan CompactToTimeSpan(uint compact) => TimeSpan.FromTicks((long)((ulong)compact * TimeSpan.TicksPerSecond >> 16));
}
