using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Orchestron.WebRtc.DataChannels;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>
/// The server side of the interop tests: greets every channel a peer opens, echoes its text with an "echo:"
/// prefix and its binary messages with each value plus one, and keeps what it saw.
/// </summary>
internal sealed class DataChannelEcho
{
    public ConcurrentDictionary<string, WebRtcDataChannel> Channels { get; } = new();

    public ConcurrentQueue<(string Label, string Text)> Texts { get; } = new();

    public ConcurrentQueue<(string Label, int Value)> Binaries { get; } = new();

    public ConcurrentQueue<string> Closed { get; } = new();

    /// <summary>Replies the send queue refused (it was full).</summary>
    public int RefusedSends => Volatile.Read(ref _refused);

    private int _refused;

    public void Attach(WebRtcAudioSender sender) => sender.DataChannelOpened += (_, e) => OnOpened(e.Channel);

    private void OnOpened(WebRtcDataChannel channel)
    {
        Channels[channel.Label] = channel;
        channel.MessageReceived += OnMessage;
        channel.Closed += (_, _) => Closed.Enqueue(channel.Label);
        channel.SendText("hello:" + channel.Label);
    }

    private void OnMessage(WebRtcDataChannel channel, ReadOnlySpan<byte> message, bool isText)
    {
        if (isText)
        {
            var text = Encoding.UTF8.GetString(message);
            Texts.Enqueue((channel.Label, text));
            Count(channel.SendText("echo:" + text));
            return;
        }

        var value = message.Length == 4 ? BinaryPrimitives.ReadInt32BigEndian(message) : -1;
        Binaries.Enqueue((channel.Label, value));
        Span<byte> reply = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(reply, value + 1);
        Count(channel.Send(reply));
    }

    private void Count(bool sent)
    {
        if (!sent)
        {
            Interlocked.Increment(ref _refused);
        }
    }
}
