using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Layouts;

/// <summary>What a user of a layout needs of its sandbox: the start-up line says it is there, and CSD text plays.</summary>
internal static class SandboxedPlayback
{
    private const double ToneHz = 1000;

    /// <summary>The worker build a host on this CPU starts (AVX-512: x86-64-v4; AVX2 and FMA: x86-64-v3).</summary>
    public static string WorkerThisCpuStarts =>
        RuntimeInformation.ProcessArchitecture != Architecture.X64 ? "Orchestron.Csound.Worker"
        : Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported ? "Orchestron.Csound.Worker.x86-64-v4"
        : Avx2.IsSupported && Fma.IsSupported ? "Orchestron.Csound.Worker.x86-64-v3"
        : "Orchestron.Csound.Worker";

    /// <summary>
    /// Posts a sine CSD as the operator, checks that it runs sandboxed, starts it and lets aiortc listen: the tone
    /// must arrive at its pitch. Fails with the host's output when any step does not hold.
    /// </summary>
    public static async Task AssertCsdPlaysSandboxedAsync(ShippedHost host)
    {
        await host.WaitForOutputAsync(@"Sandboxed sessions (are available \(bubblewrap \S+, worker \S+\)|are unavailable)", TimeSpan.FromSeconds(30));
        var available = Regex.Match(host.Output, @"Sandboxed sessions are available \(bubblewrap \S+, worker (\S+)\)");
        Assert.True(available.Success, "The host's sandbox did not start:\n" + host.Output);

        // Every x64 layout carries the x86-64-v3 and x86-64-v4 builds beside the portable one; the widest the CPU runs starts.
        Assert.Equal(WorkerThisCpuStarts, Path.GetFileName(available.Groups[1].Value));

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = JsonContent.Create(new { csd = TestInstruments.Sine(ToneHz) }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ShippedHost.OperatorToken);
        using var created = await host.Client.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode} {body}\n{host.Output}");
        var session = JsonDocument.Parse(body).RootElement;
        Assert.Equal("sandbox", session.GetProperty("isolation").GetString());
        var id = session.GetProperty("id").GetString();
        var bearer = new AuthenticationHeaderValue("Bearer", session.GetProperty("controlToken").GetString());

        using var startRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/start");
        startRequest.Headers.Authorization = bearer;
        using var started = await host.Client.SendAsync(startRequest);
        Assert.True(started.IsSuccessStatusCode, $"{(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}\n{host.Output}");

        await using var peer = AiortcListener.Start(seconds: 2);
        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/audio/webrtc")
        {
            Content = JsonContent.Create(new { sdp = offer.GetProperty("sdp").GetString(), type = "offer" }),
        };
        negotiate.Headers.Authorization = bearer;
        using var answer = await host.Client.SendAsync(negotiate);
        var answerBody = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, answerBody);
        await peer.SendAnswerAsync(JsonDocument.Parse(answerBody).RootElement.GetProperty("sdp").GetString()!);
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));

        Assert.False(done.TryGetProperty("error", out var error), $"{error}\n{peer.StandardError}\n{host.Output}");
        var left = SignalAnalysis.LeftChannelFromS16Stereo(await File.ReadAllBytesAsync(peer.OutputPath));
        Assert.True(left.Length > 48_000, $"aiortc decoded only {left.Length} samples.\n{host.Output}");
        Assert.InRange(SignalAnalysis.MedianFrequency(left.AsSpan(left.Length - 48_000), 48_000), ToneHz - 1, ToneHz + 1);
    }
}
