using System.Globalization;
using Orchestron.Streaming.Engine;

namespace Orchestron.Host.Configuration;

/// <summary>
/// The settings that hold each streaming session to its share of the render pool's CPU: how much of a core a
/// session may use, and how long it may stay held to that before it is failed.
/// </summary>
public static class CpuShareSettings
{
    /// <summary>The value of the share setting that divides the pool's capacity between the sessions it renders.</summary>
    public const string Automatic = "auto";

    /// <summary>Seconds a session may stay held to its share unless configured.</summary>
    public const int DefaultOverShareSeconds = 5;

    /// <summary>The share of a core one session may use.</summary>
    public static readonly SettingDefinition SessionCpuShare = new(
        "VISUALCSOUND_SESSION_CPU_SHARE", "--session-cpu-share", "SessionCpuShare",
        $"{Automatic} (its equal part of the render pool's cores, or what the other sessions leave free if that is more; at least 0.05), or a share of one core above 0 and at most 1",
        Automatic,
        "The CPU one streaming session may use on the render pool, measured in half-second windows. A session that "
        + "uses its share waits for the next window, after every session within its share; its note-ons get 429 "
        + "meanwhile, and its audio statistics say it is held.");

    /// <summary>How long a session may stay held before it fails.</summary>
    public static readonly SettingDefinition SessionOverShareSeconds = new(
        "VISUALCSOUND_SESSION_OVER_SHARE_SECONDS", "--session-over-share-seconds", "SessionOverShareSeconds",
        "an integer from 1 to 60", DefaultOverShareSeconds.ToString(CultureInfo.InvariantCulture),
        "A session held to its CPU share this many seconds without a break is failed, with the reason in its state.");

    /// <summary>The cores the render pool's sessions may fill together.</summary>
    public static readonly SettingDefinition RenderPoolCores = new(
        "VISUALCSOUND_RENDER_POOL_CORES", "--render-pool-cores", "RenderPoolCores",
        $"{Automatic} (the render workers, one per core, times 0.8 for admission), or a number of cores above 0 and at most 1024", Automatic,
        "What the render pool's sessions may use together. With the playing limit on auto, a start gets 503 when the "
        + "CPU the running sessions were measured to use plus an estimate for the new one would exceed it. The "
        + "automatic CPU share divides it (auto: one core per render worker) between the sessions.");

    /// <summary>The CPU share settings, in the order help lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } = [SessionCpuShare, SessionOverShareSeconds, RenderPoolCores];

    /// <summary>Reads the CPU share settings; a share out of range is added to the reader's problems.</summary>
    internal static SessionCpuShareOptions Read(SettingReader reader)
    {
        double? share = null;
        if (reader.Raw(SessionCpuShare) is { } raw && !string.Equals(raw.Value.Trim(), Automatic, StringComparison.OrdinalIgnoreCase))
        {
            share = reader.PositiveNumber(SessionCpuShare, 1);
            if (share > 1)
            {
                reader.Problems.Add(raw.Invalid("it is more than one core (1)"));
            }
        }

        double? cores = null;
        if (reader.Raw(RenderPoolCores) is { } rawCores && !string.Equals(rawCores.Value.Trim(), Automatic, StringComparison.OrdinalIgnoreCase))
        {
            cores = reader.PositiveNumber(RenderPoolCores, 1);
            if (cores > 1024)
            {
                reader.Problems.Add(rawCores.Invalid("it is more than 1024 cores"));
            }
        }

        return new SessionCpuShareOptions
        {
            CapacityCores = cores is > 0 and <= 1024 ? cores : null,
            CoreShare = share is > 0 and <= 1 ? share : null,
            OverShareTimeout = TimeSpan.FromSeconds(reader.Integer(SessionOverShareSeconds, DefaultOverShareSeconds, 1, 60)),
        };
    }
}
