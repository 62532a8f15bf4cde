using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Orchestron.Benchmarks.Sessions;
using Orchestron.Host;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Janus;

/// <summary>
/// What publishing to Janus costs the host and what the fan-out costs Janus: the host's streaming threads (pacer,
/// render, WebRTC transport) with one direct listener and no Janus, then published with 1, 50 and more Janus
/// listeners, and Janus's own CPU for each, from which listeners per core follow.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/Orchestron.Benchmarks -- janus [--seconds 15] [--max 400]</c>.
/// The listeners are in this process (each decrypts its own SRTP), so the process total is not the host's
/// cost; the host's figure counts its streaming threads only. Janus is Debian's package on loopback.
/// </remarks>
internal static class JanusBenchmark
{
    private const string OperatorToken = "benchmark-operator-token-0123456789abcdef";

    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 15);
        var max = Option(args, "--max", 400);
        await using var janus = await JanusServer.StartAsync();
        await using var app = OrchestronHostApp.Build(
            ["--host", "127.0.0.1", "--port", "0", "--allow-network-csd", "true", "--operator-token", OperatorToken,
             "--janus-urls", janus.ApiUrl.AbsoluteUri, "--janus-api-secret", janus.ApiSecret,
             "--rate-limit-negotiations-per-minute", "0"],
            new Dictionary<string, string?>());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var id = await StartSineAsync(http);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"janus: {seconds} s per measurement, {Environment.ProcessorCount} cores, Janus {janus.ApiUrl} (pid {janus.Process.Id}), a 1 kHz sine session, 20 ms Opus frames"));
        Console.WriteLine("Host CPU: the host's streaming threads (pacer, render, transport), % of one core. Janus CPU: the janus process, % of one core.");
        Console.WriteLine();
        Console.WriteLine("| measurement | host CPU | Janus CPU | listeners receiving | packets lost (sequence gaps) | Janus listeners per core |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");

        using (var direct = new LoopbackListener())
        {
            using var offer = new StringContent(direct.Offer(), System.Text.Encoding.UTF8, "application/sdp");
            using var answer = await http.PostAsync($"/api/sessions/{id}/audio/whep", offer);
            answer.EnsureSuccessStatusCode();
            direct.Start(await answer.Content.ReadAsStringAsync());
            await WaitAsync(() => Interlocked.Read(ref direct.MediaPackets) > 50);
            var run = await MeasureAsync(janus, [direct], seconds);
            Row("not published, 1 direct listener", run, janusListeners: 0);
            await http.DeleteAsync(answer.Headers.Location);
        }

        await Json(await http.PostAsync($"/api/sessions/{id}/janus", null));

        var none = await MeasureAsync(janus, [], seconds);
        Row("published, 0 listeners", none, janusListeners: 0);

        var listeners = new List<LoopbackListener>();
        try
        {
            foreach (var count in new[] { 1, 50, 100, 200, 400 }.Where(n => n <= max))
            {
                while (listeners.Count < count)
                {
                    var listener = new LoopbackListener(bindAddress: IPAddress.Any);
                    listeners.Add(listener);
                    await WatchAsync(http, id, listener);
                }

                await WaitAsync(() => listeners.All(l => Interlocked.Read(ref l.MediaPackets) > 25));
                var run = await MeasureAsync(janus, listeners, seconds);
                Row($"published, {count} Janus listener{(count == 1 ? "" : "s")}", run, count);
            }
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }

        await http.DeleteAsync($"/api/sessions/{id}/janus");
        await app.StopAsync();
        Console.WriteLine("\nThe in-process listeners (each decrypting its own SRTP) share the machine's cores with Janus and the host.");
    }

    private static void Row(string name, Run run, int janusListeners) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {run.HostPercent:0.0} % | {run.JanusPercent:0.0} % | {run.Receiving} | {run.Lost} | {(janusListeners >= 50 && run.JanusPercent > 0 ? (janusListeners / (run.JanusPercent / 100)).ToString("0", CultureInfo.InvariantCulture) : "-")} |"));

    private static async Task<Run> MeasureAsync(JanusServer janus, IReadOnlyList<LoopbackListener> listeners, int seconds)
    {
        var gapsBefore = listeners.Sum(l => Interlocked.Read(ref l.SequenceGaps));
        var packetsBefore = listeners.Select(l => Interlocked.Read(ref l.MediaPackets)).ToArray();
        var hostBefore = CpuTimes.Now();
        var janusBefore = ProcessCpuSeconds(janus.Process.Id);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var wall = CpuTimes.Since(start);
        var host = CpuTimes.Now() - hostBefore;
        var janusCpu = ProcessCpuSeconds(janus.Process.Id) - janusBefore;
        var receiving = listeners.Where((l, i) => Interlocked.Read(ref l.MediaPackets) > packetsBefore[i]).Count();
        return new Run(
            (host.Engine + host.Transport) / wall * 100,
            janusCpu / wall * 100,
            receiving,
            listeners.Sum(l => Interlocked.Read(ref l.SequenceGaps)) - gapsBefore);
    }

    /// <summary>utime + stime of a process from /proc/pid/stat, in seconds (ticks of 1/100 s).</summary>
    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<string> StartSineAsync(HttpClient http)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { csd = TestInstruments.Sine(1000, 48_000) }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        var session = await Json(await http.SendAsync(create));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("controlToken").GetString());
        var id = session.GetProperty("id").GetString()!;
        await Json(await http.PostAsync($"/api/sessions/{id}/start", null));
        return id;
    }

    private static async Task WatchAsync(HttpClient http, string id, LoopbackListener listener)
    {
        var offer = await Json(await http.PostAsync($"/api/sessions/{id}/audio/janus", null));
        var answer = listener.Answer(offer.GetProperty("sdp").GetString()!);
        using var answered = await http.PostAsJsonAsync($"/api/sessions/{id}/audio/janus/{offer.GetProperty("viewerId").GetString()}", new { sdp = answer, type = "answer" });
        answered.EnsureSuccessStatusCode();
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Run(double HostPercent, double JanusPercent, int Receiving, long Lost);
}
