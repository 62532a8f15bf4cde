using System.Net;
using Orchestron.Testing;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests.Support;

/// <summary>
/// The arrangement the listener tests share: a sender on a loopback transport with a 440 Hz tone at half scale paced
/// into it. Disposed in the reverse order of making: the tone, the sender, the transport.
/// </summary>
internal sealed class LoopbackToneSender : IDisposable
{
    public LoopbackToneSender(WebRtcAudioSenderOptions? options = null)
    {
        Server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        Sender = options is null ? Server.CreateAudioSender() : Server.CreateAudioSender(options);
        Tone = new TonePacer(Sender, 440, 0.5f, Sender.SamplesPerChannel);
    }

    public UdpMediaTransport Server { get; }

    public WebRtcAudioSender Sender { get; }

    public TonePacer Tone { get; }

    public void Dispose()
    {
        Tone.Dispose();
        Sender.Dispose();
        Server.Dispose();
    }
}
