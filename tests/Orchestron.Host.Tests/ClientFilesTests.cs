using System.Net;
using System.Text.RegularExpressions;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests;

public sealed partial class ClientFilesTests
{
    [Fact]
    public async Task Root_redirects_to_the_client()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently);
        Assert.Equal("/client/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Client_without_trailing_slash_redirects_to_the_folder()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/client");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently);
        Assert.EndsWith("/client/", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_page_is_served_with_the_runtime_panel_and_audio_status()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/client/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<title>Orchestron</title>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"audio-status\" data-state=\"idle\"", html, StringComparison.Ordinal);
        Assert.Contains("<audio id=\"audio-player\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"play-button\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"keyboard\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_file_the_page_and_its_modules_reference_is_served_with_its_type()
    {
        await using var host = await RunningHost.StartAsync();
        var html = await host.Client.GetStringAsync("/client/");
        var files = PageReference().Matches(html).Select(m => m.Groups["file"].Value).ToHashSet();
        var pending = new Queue<string>(files.Where(f => f.EndsWith(".js", StringComparison.Ordinal)));
        while (pending.TryDequeue(out var module))
        {
            var source = await host.Client.GetStringAsync("/client/" + module);
            foreach (var import in ModuleImport().Matches(source).Select(m => m.Groups["file"].Value))
            {
                if (files.Add(import))
                {
                    pending.Enqueue(import);
                }
            }
        }

        Assert.Contains("app.js", files);
        Assert.Contains("browser-audio.js", files);
        Assert.Contains("styles.css", files);
        foreach (var file in files)
        {
            using var response = await host.Client.GetAsync("/client/" + file);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
            var expected = Path.GetExtension(file) switch
            {
                ".js" => "text/javascript",
                ".css" => "text/css",
                ".svg" => "image/svg+xml",
                _ => throw new InvalidOperationException($"unexpected file type {file}"),
            };
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Client_asks_for_a_recvonly_audio_transceiver_and_posts_the_offer_with_the_sessions_token()
    {
        await using var host = await RunningHost.StartAsync();

        var audio = await host.Client.GetStringAsync("/client/browser-audio.js");
        var api = await host.Client.GetStringAsync("/client/api.js");

        Assert.Contains("addTransceiver('audio', { direction: 'recvonly' })", audio, StringComparison.Ordinal);
        Assert.Contains("iceGatheringState === 'complete'", audio, StringComparison.Ordinal);
        Assert.Contains("'/audio/webrtc'), { sdp: offer.sdp, type: offer.type }", api, StringComparison.Ordinal);
        Assert.Contains("'/midi-event', { message, delayMs }", api, StringComparison.Ordinal);
        Assert.Contains("init.headers.Authorization = `Bearer ${token}`", api, StringComparison.Ordinal);
        Assert.Contains("sessionStorage", api, StringComparison.Ordinal);
        // TURN credentials are short-lived: the page renews them on the live connection before they expire.
        var app = await host.Client.GetStringAsync("/client/app.js");
        Assert.Contains("iceCredentialTtlSeconds", app, StringComparison.Ordinal);
        Assert.Contains("browserAudio.pc?.setConfiguration(", app, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_files_may_run_only_the_hosts_own_scripts_and_may_not_be_framed()
    {
        await using var host = await RunningHost.StartAsync();

        using var page = await host.Client.GetAsync("/client/");
        using var script = await host.Client.GetAsync("/client/api.js");

        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [GeneratedRegex("""(?:src|href)="(?<file>[\w.-]+\.(?:js|css|svg))""")]
    private static partial Regex PageReference();

    [GeneratedRegex("""from '\./(?<file>[\w.-]+\.js)'""")]
    private static partial Regex ModuleImport();
}
