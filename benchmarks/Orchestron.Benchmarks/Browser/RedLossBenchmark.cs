using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing.Network;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// The "loss" mode: what RTP redundancy (RED, RFC 2198) does for headless Chromium behind a lossy link. A 1 kHz sine
/// in 10 ms Opus frames is sent by three sessions side by side (RED off, distance 1, distance 2) from a "host"
/// network namespace to Chromium in a "listener" namespace, whose nftables input rule drops media packets: at
/// random (5, 10 and 20 % unless <c>--losses</c> says otherwise) and in bursts of 3 in a row out of every 50 packets
/// of each stream.
/// Each row runs <c>--seconds N</c> (120 unless given) after a settling time; the page's block meter and
/// continuity analysis (<c>Page/continuity.js</c>) count audible discontinuities and silent blocks, Chromium's
/// getStats the concealed samples, and the host the receiver reports' loss. Needs root (network namespaces) and
/// Debian's iproute2, nftables and chromium.
/// </summary>
internal static class RedLossBenchmark
{
    // localhost, not a made-up name: AudioWorklet exists only in a secure context, and Chromium counts
    // http://localhost as one. Playwright answers every request to it, so nothing listens there.
    private const string Origin = "http://localhost";
    private const double ToneHz = 1000;
    private static readonly int[] Distances = [0, 1, 2];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string[] args)
    {
        if (NetworkNamespaceSupport.UnavailableReason is { } reason)
        {
            Console.Error.WriteLine("The loss benchmark needs network namespaces: " + reason);
            Environment.ExitCode = 2;
            return;
        }

        var seconds = Option(args, "--seconds", "120", text => double.Parse(text, CultureInfo.InvariantCulture));
        var losses = Option(args, "--losses", "5,10,20", text => text.Split(',').Select(part => int.Parse(part, CultureInfo.InvariantCulture)).ToArray());
        var noBurst = args.Contains("--no-burst");
        var rows = new List<LossRow>();
        foreach (var loss in losses)
        {
            rows.AddRange(await MeasureAsync($"{loss} % random", (listener, _) => listener.DropIncomingRtp(loss), TimeSpan.FromSeconds(seconds)));
        }

        if (!noBurst)
        {
            rows.AddRange(await MeasureAsync(
                "3 in a row of every 50",
                (listener, ports) =>
                {
                    foreach (var port in ports)
                    {
                        listener.DropIncomingRtpBursts(3, 50, port);
                    }
                },
                TimeSpan.FromSeconds(seconds)));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average when done {LoadAverage()}; {seconds:0} s per row, 10 ms frames, 1 kHz sine"));
        Print(rows);
    }

    /// <param name="applyLoss">Adds the row's rules to the listener namespace, told each Chromium peer connection's port.</param>
    private static async Task<IReadOnlyList<LossRow>> MeasureAsync(string loss, Action<NetworkNamespace, IReadOnlyList<int>> applyLoss, TimeSpan duration)
    {
        Console.Error.WriteLine($"Measuring {loss} for {duration.TotalSeconds:0} s ...");
        await using var setup = await ChromiumOverTestNetwork.StartAsync();
        var listeners = new List<(int Distance, WebRtcAudioSender Sender, IPage Page)>();
        foreach (var distance in Distances)
        {
            var sender = setup.AddToneSession(distance, OpusFrameDuration.TenMilliseconds, ToneHz);
            listeners.Add((distance, sender, await ListenAsync(setup.Browser, sender)));
        }

        applyLoss(setup.Network.Listener, listeners.Select(listener => listener.Sender.GetListenerStatistics().Single().RemoteEndPoint!.Port).ToArray());
        await Task.Delay(Settle);
        var before = new List<InboundAudio>();
        var senderBefore = new List<WebRtcListenerStatistics>();
        foreach (var (_, sender, page) in listeners)
        {
            await page.EvaluateAsync("continuity.begin()");
            before.Add(await EvaluateAsync<InboundAudio>(page, "inboundAudio()"));
            senderBefore.Add(sender.GetListenerStatistics().Single());
        }

        var rtpBefore = setup.Network.Listener.CountRtp();
        await Task.Delay(duration);
        var rtpAfter = setup.Network.Listener.CountRtp();
        var rows = new List<LossRow>();
        for (var i = 0; i < listeners.Count; i++)
        {
            var (distance, sender, page) = listeners[i];
            var report = await EvaluateAsync<ContinuityReport>(page, "continuity.report()");
            var after = await EvaluateAsync<InboundAudio>(page, "inboundAudio()");
            var statistics = sender.GetListenerStatistics().Single();
            rows.Add(new LossRow(
                loss,
                distance,
                (double)(rtpAfter.Dropped - rtpBefore.Dropped) / (rtpAfter.Seen - rtpBefore.Seen),
                after.PacketsLost - before[i].PacketsLost,
                after.PacketsReceived - before[i].PacketsReceived,
                (double)(after.ConcealedSamples - before[i].ConcealedSamples) / (after.TotalSamplesReceived - before[i].TotalSamplesReceived),
                after.ConcealmentEvents - before[i].ConcealmentEvents,
                report.AmplitudeEvents + report.PhaseEvents,
                report.SilentBlocks,
                report.Blocks,
                Inbound.MeanJitterBufferMs(before[i], after),
                statistics.Reception.CumulativeLost - senderBefore[i].Reception.CumulativeLost,
                statistics.PacketsSent - senderBefore[i].PacketsSent,
                statistics.RedundantOctetsSent - senderBefore[i].RedundantOctetsSent,
                statistics.OctetsSent - senderBefore[i].OctetsSent));
        }

        return rows;
    }

    private static async Task<IPage> ListenAsync(IBrowser browser, WebRtcAudioSender sender)
    {
        var page = await browser.NewPageAsync();
        var files = Path.Combine(AppContext.BaseDirectory, "Browser", "Page");
        await page.RouteAsync(Origin + "/bench/**", route =>
        {
            var name = Path.GetFileName(new Uri(route.Request.Url).AbsolutePath);
            var type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html";
            return route.FulfillAsync(new() { ContentType = type, Path = Path.Combine(files, name) });
        });

        // The page posts its offer as it does to the host; here the session's sender answers it directly.
        await page.RouteAsync(Origin + "/api/sessions/*/audio/webrtc", async route =>
        {
            var offer = JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("sdp").GetString()!;
            var answer = sender.AcceptOffer(offer);
            await route.FulfillAsync(new()
            {
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "answer", ["sdp"] = answer.Sdp }),
            });
        });
        page.Console += (_, message) => Console.Error.WriteLine($"[page] {message.Text}");
        await page.GotoAsync(Origin + "/bench/bench.html");
        await page.EvaluateAsync("([module, name]) => listen('loss', 'none', module, name)", new object[] { "/bench/block-meter.js", "block-meter" });
        await page.EvaluateAsync("continuity.attach()");
        await page.WaitForFunctionAsync("() => connectionState() === 'connected'", null, new() { Timeout = 20_000 });
        return page;
    }

    private static async Task<T> EvaluateAsync<T>(IPage page, string script)
    {
        var json = await page.EvaluateAsync<JsonElement>(script);
        return json.Deserialize<T>(JsonSerializerOptions.Web) ?? throw new InvalidOperationException($"The page answered null to {script}.");
    }

    private static void Print(IEnumerable<LossRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| loss | RED distance | media dropped by the rule | Chromium: packets lost | concealed samples | concealment events | audible discontinuities | silent 10 ms blocks | jitter buffer, mean | host: lost per receiver reports, of packets sent | RED share of payload bytes |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var red = row.Distance == 0 ? "off" : row.Distance.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Loss} | {red} | {100 * row.DroppedShare:0.0} % | {row.PacketsLost} of {row.PacketsLost + row.PacketsReceived} | {100 * row.ConcealedShare:0.00} % | {row.ConcealmentEvents} | {row.Discontinuities} | {row.SilentBlocks} of {row.Blocks} | {row.MeanJitterBufferMs:0} ms | {row.ReportedLost} of {row.PacketsSent} sent | {(row.OctetsSent == 0 ? 0 : 100.0 * row.RedundantOctets / row.OctetsSent):0} % |"));
        }
    }

    private static T Option<T>(string[] args, string name, string fallback, Func<string, T> parse)
    {
        var index = Array.IndexOf(args, name);
        return parse(index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>One listener's figures over one row's measured time.</summary>
    private sealed record LossRow(
        string Loss,
        int Distance,
        double DroppedShare,
        long PacketsLost,
        long PacketsReceived,
        double ConcealedShare,
        long ConcealmentEvents,
        long Discontinuities,
        long SilentBlocks,
        long Blocks,
        double MeanJitterBufferMs,
        long ReportedLost,
        long PacketsSent,
        long RedundantOctets,
        long OctetsSent);
}
