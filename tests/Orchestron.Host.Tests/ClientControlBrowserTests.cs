using Microsoft.Playwright;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>
/// The client plays over the control data channel once it is open, and takes a Web MIDI keyboard's notes, in
/// headless Chromium against the real host. No MIDI device can exist on this machine, so the MIDI test puts a
/// stand-in MIDIAccess in place of the browser's (Playwright's init script) with one input it can play, plug and
/// unplug; everything after <c>requestMIDIAccess</c> is the page's own code, the host and Csound.
/// </summary>
public sealed class ClientControlBrowserTests
{
    // A MIDIAccess as Chromium's behaves for these calls: inputs in a Map, statechange on plugging, midimessage events.
    private const string MidiStandIn = """
        (() => {
          class StandInInput extends EventTarget {
            constructor(id, name) { super(); this.id = id; this.name = name; this.manufacturer = 'Test'; this.type = 'input'; this.state = 'connected'; this.opened = false; }
            open() { this.opened = true; return Promise.resolve(this); }
          }
          const access = new EventTarget();
          access.inputs = new Map();
          access.outputs = new Map();
          access.sysexEnabled = false;
          const stand = { requests: [], access };
          stand.plug = (id, name) => {
            const input = new StandInInput(id, name);
            access.inputs.set(id, input);
            access.dispatchEvent(Object.assign(new Event('statechange'), { port: input }));
          };
          stand.unplug = (id) => {
            const input = access.inputs.get(id);
            input.state = 'disconnected';
            access.inputs.delete(id);
            access.dispatchEvent(Object.assign(new Event('statechange'), { port: input }));
          };
          stand.play = (id, bytes) => {
            const event = new Event('midimessage');
            event.data = new Uint8Array(bytes);
            access.inputs.get(id).dispatchEvent(event);
          };
          stand.plug('keys-1', 'Stand-in Keys');
          navigator.requestMIDIAccess = (options) => { stand.requests.push(options ?? {}); return Promise.resolve(access); };
          window.midiStandIn = stand;
        })();
        """;

    // Counts what the page puts on the control channel, by kind (byte 1 of the format).
    private const string CountChannelSends = """
        () => {
          const control = window.orchestron.control;
          window.channelKinds = [];
          const send = control.send.bind(control);
          control.send = (kind, body) => { const sent = send(kind, body); if (sent) window.channelKinds.push(kind); return sent; };
        }
        """;

    [Fact]
    public async Task The_keyboard_plays_over_the_data_channel_and_the_page_shows_that_path()
    {
        await using var host = await RunningHost.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var httpNotes = 0;
        page.Request += (_, request) => httpNotes += request.Url.Contains("/midi-event", StringComparison.Ordinal) ? 1 : 0;

        var path = await StartWithControlChannelAsync(page, host);
        Assert.StartsWith("Control: data channel", path, StringComparison.Ordinal);

        var key = await page.QuerySelectorAsync(".key[data-note='69']") ?? throw new InvalidOperationException("No A4 key on the page.");
        var box = await key.BoundingBoxAsync() ?? throw new InvalidOperationException("The A4 key is not visible.");
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height * 0.8f));
        await page.Mouse.DownAsync();
        var pitch = await MedianPitchAsync(page);
        await page.Mouse.UpAsync();

        Assert.InRange(pitch, 440 * 0.98, 440 * 1.02);
        Assert.Equal(0, httpNotes);
        // The pings have come back: the page shows the round trip.
        await page.WaitForSelectorAsync("#control-path:has-text('round trip')", new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task A_web_midi_keyboard_is_asked_for_chosen_played_and_followed_when_plugged_in_and_out()
    {
        await using var host = await RunningHost.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync();
        await context.AddInitScriptAsync(MidiStandIn);
        var page = await context.NewPageAsync();

        await StartWithControlChannelAsync(page, host);
        await page.EvaluateAsync(CountChannelSends);
        await page.ClickAsync("#midi-enable");
        await page.WaitForSelectorAsync("#midi-status:has-text('Playing from Stand-in Keys')");
        Assert.Equal("false", await page.EvaluateAsync<string>("() => String(window.midiStandIn.requests[0].sysex)"));
        Assert.Equal("keys-1", await page.InputValueAsync("#midi-input"));

        await page.EvaluateAsync("() => window.midiStandIn.play('keys-1', [0x90, 69, 100])");
        var pitch = await MedianPitchAsync(page);
        await page.EvaluateAsync("() => window.midiStandIn.play('keys-1', [0x80, 69, 0])");
        // A controller and a pitch bend pass; clock and active sensing do not.
        await page.EvaluateAsync("() => { const s = window.midiStandIn; s.play('keys-1', [0xB0, 74, 64]); s.play('keys-1', [0xE0, 0, 64]); s.play('keys-1', [0xF8]); s.play('keys-1', [0xFE]); }");
        // Pings (kind 6) go out every two seconds meanwhile; they are not the keyboard's.
        var kinds = await page.EvaluateAsync<int[]>("() => window.channelKinds.filter((kind) => kind !== 6)");
        Assert.InRange(pitch, 440 * 0.98, 440 * 1.02);
        Assert.Equal([0x01, 0x02, 0x03, 0x03], kinds);

        await page.EvaluateAsync("() => window.midiStandIn.plug('keys-2', 'Second Keys')");
        await page.WaitForSelectorAsync("#midi-input option[value='keys-2']", new() { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync("() => window.midiStandIn.unplug('keys-1')");
        await page.WaitForSelectorAsync("#midi-status:has-text('unplugged')");
        await page.EvaluateAsync("() => window.midiStandIn.plug('keys-1', 'Stand-in Keys')");
        await page.WaitForSelectorAsync("#midi-status:has-text('Playing from Stand-in Keys')");
    }

    /// <summary>Opens the client, starts analog-poly, waits for live audio and an open control channel; returns the path text.</summary>
    private static async Task<string> StartWithControlChannelAsync(IPage page, RunningHost host)
    {
        await page.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.ClickAsync("[data-instrument='analog-poly']");
        await page.ClickAsync("#start-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("#control-path[data-path='datachannel']", new() { Timeout = 15_000 });
        return await page.TextContentAsync("#control-path") ?? string.Empty;
    }

    private static async Task<double> MedianPitchAsync(IPage page)
    {
        await Task.Delay(800);
        var pitches = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            pitches.Add(await page.EvaluateAsync<double>(ClientLiveBrowserTests.MeasurePitch));
            await Task.Delay(60);
        }

        pitches.Sort();
        return pitches[pitches.Count / 2];
    }
}
