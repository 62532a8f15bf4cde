using Microsoft.Playwright;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Testing.Network;

/// <summary>
/// Senders of a tone in a "host" namespace and headless Chromium in a "listener" namespace, one veth pair between
/// them: the set-up for hearing what the network's loss does to the stream. Each sender is a session of its own
/// (its own RTP redundancy distance) fed by its own <see cref="TonePacer"/>, all on the one transport, so that
/// several variants run side by side through the same rules.
/// </summary>
/// <remarks>
/// Playwright's driver stays in this namespace and talks to Chromium over a pipe; only Chromium's network is
/// inside the listener namespace, so its offers name the listener's veth address and nothing else.
/// </remarks>
public sealed class ChromiumOverTestNetwork : IAsyncDisposable
{
    private readonly List<(WebRtcAudioSender Sender, TonePacer Tone)> _sessions = [];
    private IPlaywright? _playwright;

    private ChromiumOverTestNetwork(HostAndListenerNetwork network) => Network = network;

    /// <summary>The namespaces, their link and the host's transport.</summary>
    public HostAndListenerNetwork Network { get; }

    /// <summary>Chromium, running inside the listener namespace.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Makes the network and launches Chromium inside it; everything is removed again if a step fails.</summary>
    public static async Task<ChromiumOverTestNetwork> StartAsync()
    {
        var setup = new ChromiumOverTestNetwork(HostAndListenerNetwork.Create());
        try
        {
            var (playwright, browser) = await PlaywrightChromium.LaunchAsync(setup.Network.Listener.WrapExecutable(PlaywrightChromium.ExecutablePath));
            setup._playwright = playwright;
            setup.Browser = browser;
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a session that sends a sine of <paramref name="frequency"/> Hz at half scale from now on.</summary>
    /// <param name="redundancyDistance">The session's RTP redundancy distance (0 for plain Opus).</param>
    /// <param name="frameDuration">The Opus frame, which is also the pacer's frame.</param>
    /// <param name="frequency">The tone's frequency.</param>
    public WebRtcAudioSender AddToneSession(int redundancyDistance, OpusFrameDuration frameDuration, double frequency)
    {
        var sender = new WebRtcAudioSender(
            Network.Transport,
            new WebRtcAudioSenderOptions { RedundancyDistance = redundancyDistance, Opus = { FrameDuration = frameDuration } });
        _sessions.Add((sender, new TonePacer(sender, frequency, amplitude: 0.5f, sender.SamplesPerChannel)));
        return sender;
    }

    /// <summary>Closes Chromium, stops the tones and senders, and removes the network.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            _playwright?.Dispose();
            foreach (var (sender, tone) in _sessions)
            {
                tone.Dispose();
                sender.Dispose();
            }
        }
        finally
        {
            Network.Dispose();
        }
    }
}
