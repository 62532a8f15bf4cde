using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// Many sessions created and started as fast as two addresses may: their compiles and Csound starts must run on
/// the setup lane, one thread at normal priority, while the render workers run above it wherever the process may
/// raise them, so that the sessions already playing keep their deadlines (the underruns of such a ramp are a
/// timing figure: benchmarks' startramp).
/// </summary>
public sealed class StartRampAttackTests
{
    [Fact]
    public async Task A_ramp_of_creates_and_starts_runs_on_the_setup_lane_below_the_render_workers()
    {
        await using var host = await RunningHost.StartAsync();
        // The lane's thread may not exist before the first session; the ramp's first create makes it.
        var laneCpuBefore = ThreadsNamed("Orchestron setu").Sum(t => t.CpuTicks);

        var started = 0;
        foreach (var address in new[] { 50, 51 })
        {
            using var client = LoopbackAddressClient.Create(host, address);
            for (var i = 0; i < 8; i++)
            {
                using var created = await client.PostAsJsonAsync("/api/sessions", new { instrument = i % 2 == 0 ? "analog-poly" : "velvet-pad" });
                var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                using var owner = LoopbackAddressClient.Create(host, address, session.GetProperty("controlToken").GetString());
                using var start = await owner.PostAsync($"/api/sessions/{session.GetProperty("id").GetString()}/start", null);
                started += start.IsSuccessStatusCode ? 1 : 0;
            }
        }

        var lane = ThreadsNamed("Orchestron setu");
        var render = ThreadsNamed("Orchestron rend");
        Assert.Equal(16, started);
        var laneThread = Assert.Single(lane);
        Assert.Equal(0, laneThread.Nice);
        Assert.NotEmpty(render);
        var raised = MayRaisePriority() ? -10 : 0;
        Assert.All(render, thread => Assert.Equal(raised, thread.Nice));
        // Sixteen compiles and starts' CPU time is the lane's.
        Assert.True(laneThread.CpuTicks > laneCpuBefore, $"the setup lane used {laneThread.CpuTicks - laneCpuBefore} clock ticks");
    }

    /// <summary>Whether this process may set a niceness of -10: CAP_SYS_NICE (bit 23), or an RLIMIT_NICE of 30 or more.</summary>
    private static bool MayRaisePriority()
    {
        var status = File.ReadAllLines("/proc/self/status");
        var capabilities = ulong.Parse(status.Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal))[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var limit = File.ReadAllLines("/proc/self/limits").Single(l => l.StartsWith("Max nice priority", StringComparison.Ordinal));
        var soft = limit["Max nice priority".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return (capabilities & (1UL << 23)) != 0 || (int.TryParse(soft, CultureInfo.InvariantCulture, out var nice) && nice >= 30);
    }

    /// <summary>This process's threads whose name (as the kernel keeps it, 15 characters) is <paramref name="name"/>.</summary>
    private static List<(int Nice, long CpuTicks)> ThreadsNamed(string name)
    {
        var threads = new List<(int, long)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') != name)
                {
                    continue;
                }

                // The fields after the name in parentheses: state is field 3, utime 14, stime 15, nice 19.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
                threads.Add(((int)Field(19), Field(14) + Field(15)));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The thread ended while it was being read.
            }
        }

        return threads;
    }
}
