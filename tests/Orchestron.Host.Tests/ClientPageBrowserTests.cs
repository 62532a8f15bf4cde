using System.Text.RegularExpressions;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests;

/// <summary>The client page as headless Chromium renders it against the real host.</summary>
public sealed class ClientPageBrowserTests
{
    [Fact]
    public async Task Page_loads_the_instruments_runtime_and_keyboard_from_the_api_in_streaming_mode()
    {
        await using var host = await RunningHost.StartAsync();

        var dom = HeadlessChromium.DumpDom(new Uri(host.Address, "/client/"));

        Assert.Contains("data-ready=\"true\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"server-status\" data-state=\"online\"", dom, StringComparison.Ordinal);
        Assert.Equal(
            ["nocturne", "analog-poly", "plucked-strings", "velvet-pad"],
            Regex.Matches(dom, "data-instrument=\"([a-z-]+)\"").Select(m => m.Groups[1].Value));
        Assert.Matches("data-instrument=\"nocturne\"[^>]*aria-checked=\"true\"", dom);
        Assert.Equal(
            ["brightness", "reverb", "pattern"],
            Regex.Matches(dom, "data-channel=\"([a-z]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("id=\"runtime-mode\">Streaming<", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"runtime-frame\">20 ms<", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"audio-status\" data-state=\"idle\"", dom, StringComparison.Ordinal);
        Assert.Matches("id=\"local-note\" hidden", dom);
        Assert.Equal(25, Regex.Matches(dom, "class=\"key key-").Count);
        Assert.Matches("id=\"start-button\" type=\"button\">", dom);
    }

    [Fact]
    public async Task Page_says_audio_plays_on_the_server_in_local_mode()
    {
        await using var host = await RunningHost.StartAsync(null, "--audio-output-mode", "local");

        var dom = HeadlessChromium.DumpDom(new Uri(host.Address, "/client/"));

        Assert.Contains("data-ready=\"true\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"browser-audio\" data-mode=\"local\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"runtime-mode\">Local device<", dom, StringComparison.Ordinal);
        Assert.DoesNotMatch("id=\"local-note\" hidden", dom);
    }
}
