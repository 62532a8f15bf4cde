using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Opus;

namespace Orchestron.WebRtc.LowLatency;

/// <summary>
/// A session's low-latency audio path: each pacer frame is cut into 2.5 or 5 ms Opus frames in
/// <see cref="OpusApplication.RestrictedLowDelay"/>, encoded once, and each packet (with its predecessor as
/// redundancy) goes to every listener's channel that asked for it.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is encoded while no channel is attached. Channels join and leave on the transport's receive thread with a
/// copy of a small array; the pacer's thread reads the array without a lock and allocates nothing.
/// </para>
/// <para>
/// A listener's messages on the channel are untrusted: a well-formed ping is answered (at most one every
/// <see cref="PingInterval"/> per channel), anything else is counted and dropped, and the channel stays open.
/// </para>
/// </remarks>
internal sealed class LowLatencyAudioPath : IDisposable
{
    /// <summary>The shortest time between two pongs on one channel; pings sooner are ignored.</summary>
    internal static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(50);

    private static readonly long PingIntervalTicks = (long)(PingInterval.TotalSeconds * Stopwatch.Frequency);

    private readonly IOpusEncoder _encoder;
    private readonly LowLatencyAudioPacketizer _packetizer;
    private readonly ILogger _logger;
    private readonly int _subframeLength;
    private readonly byte[] _opus = new byte[OpusEncoder.MaxPacketSize];
    private readonly byte[] _packet = new byte[LowLatencyAudioPacket.MaxLength];
    private readonly Lock _membership = new();
    private readonly WebRtcDataChannelMessageHandler _onMessage;
    private readonly EventHandler _onClosed;
    private Attached[] _channels = [];
    private bool _wasIdle = true;
    private long _framesEncoded;
    private long _packetsSent;
    private long _packetsNotSent;
    private long _encodeErrors;
    private long _pingsAnswered;
    private long _messagesIgnored;

    /// <param name="options">The path's settings; validated.</param>
    /// <param name="pacerFrame">The session's frame, which the path's frame must divide.</param>
    /// <param name="logger">Where channels joining and leaving, and failures, are logged.</param>
    internal LowLatencyAudioPath(LowLatencyAudioOptions options, OpusFrameDuration pacerFrame, ILogger logger)
    {
        options.Validate();
        if ((int)pacerFrame % (int)options.FrameDuration != 0)
        {
            throw new ArgumentException(
                $"The low-latency frame of {options.FrameDuration.ToMilliseconds()} ms does not divide the session's {pacerFrame.ToMilliseconds()} ms frame.",
                nameof(options));
        }

        Options = options.Clone();
        _logger = logger;
        _encoder = OpusEncoderFactory.Create(options.EncoderOptions(), logger);
        _subframeLength = _encoder.SamplesPerChannel * OpusEncoder.Channels;
        _packetizer = new LowLatencyAudioPacketizer(_encoder.SamplesPerChannel, options.Redundancy, (ushort)Random.Shared.Next(ushort.MaxValue + 1));
        _onMessage = OnMessage;
        _onClosed = OnClosed;
    }

    /// <summary>The path's settings (a copy).</summary>
    internal LowLatencyAudioOptions Options { get; }

    /// <summary>The path's counters.</summary>
    internal LowLatencyAudioStatistics Statistics => new(
        Volatile.Read(ref _channels).Length,
        Interlocked.Read(ref _framesEncoded),
        Interlocked.Read(ref _packetsSent),
        Interlocked.Read(ref _packetsNotSent),
        Interlocked.Read(ref _encodeErrors),
        Interlocked.Read(ref _pingsAnswered),
        Interlocked.Read(ref _messagesIgnored));

    /// <summary>Whether any channel is attached (so that frames are wanted).</summary>
    internal bool HasChannels => Volatile.Read(ref _channels).Length > 0;

    /// <summary>Feeds a channel a listener opened, if it is the path's: the right label, unordered and unreliable.</summary>
    /// <returns>True when the channel was the path's (attached, or closed for being reliable or ordered).</returns>
    internal bool TryAttach(string listenerId, WebRtcDataChannel channel)
    {
        if (channel.Label != Options.Label)
        {
            return false;
        }

        if (channel.Ordered || channel.Reliable)
        {
            // Retransmitted or re-ordered audio arrives too late to play; such a channel would only stall itself.
            _logger.LogWarning(
                "Listener {Listener} opened '{Label}' ordered or reliable; the low-latency path takes only unordered channels with maxRetransmits 0 and closes it",
                listenerId, channel.Label);
            channel.Close();
            return true;
        }

        channel.MessageReceived += _onMessage;
        channel.Closed += _onClosed;
        lock (_membership)
        {
            _channels = [.. _channels, new Attached(channel)];
        }

        _logger.LogInformation("Listener {Listener} takes the low-latency path on channel {Id}", listenerId, channel.Id);
        return true;
    }

    /// <summary>Encodes one pacer frame as low-latency packets and sends them to every attached channel.</summary>
    /// <param name="interleavedStereo">The pacer's frame.</param>
    /// <param name="timestamp">The 48 kHz sample index of its first sample.</param>
    internal void SendFrame(ReadOnlySpan<float> interleavedStereo, long timestamp)
    {
        var channels = Volatile.Read(ref _channels);
        if (channels.Length == 0)
        {
            _wasIdle = true;
            return;
        }

        if (_wasIdle)
        {
            // After a pause the encoder and the redundancy would carry stale audio into the first packets.
            _encoder.Reset();
            _packetizer.Reset();
            _wasIdle = false;
        }

        if (interleavedStereo.Length % _subframeLength != 0)
        {
            CountEncodeError(null);
            return;
        }

        for (var offset = 0; offset < interleavedStereo.Length; offset += _subframeLength)
        {
            int opusLength;
            try
            {
                opusLength = _encoder.Encode(interleavedStereo.Slice(offset, _subframeLength), _opus);
            }
            catch (OpusException error)
            {
                CountEncodeError(error);
                _packetizer.Reset();
                continue;
            }

            Interlocked.Increment(ref _framesEncoded);
            var subframeTimestamp = (uint)(timestamp + (offset / OpusEncoder.Channels));
            var length = _packetizer.Packetize(_opus.AsSpan(0, opusLength), subframeTimestamp, _packet);
            var packet = _packet.AsSpan(0, length);
            foreach (var attached in channels)
            {
                if (attached.Channel.Send(packet))
                {
                    Interlocked.Increment(ref _packetsSent);
                }
                else
                {
                    Interlocked.Increment(ref _packetsNotSent);
                }
            }
        }
    }

    /// <summary>Frees the encoder; attached channels stay open (their connection closes them).</summary>
    public void Dispose()
    {
        lock (_membership)
        {
            foreach (var attached in _channels)
            {
                Detach(attached.Channel);
            }

            _channels = [];
        }

        _encoder.Dispose();
    }

    private void OnMessage(WebRtcDataChannel channel, ReadOnlySpan<byte> message, bool isText)
    {
        var attached = Find(channel);
        if (isText || attached is null || message.Length != LowLatencyAudioPacket.PingLength || message[0] != LowLatencyAudioPacket.PingType)
        {
            Interlocked.Increment(ref _messagesIgnored);
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (now - attached.LastPong < PingIntervalTicks)
        {
            Interlocked.Increment(ref _messagesIgnored);
            return;
        }

        attached.LastPong = now;
        Span<byte> pong = stackalloc byte[LowLatencyAudioPacket.PingLength];
        message.CopyTo(pong);
        pong[0] = LowLatencyAudioPacket.PongType;
        if (channel.Send(pong))
        {
            Interlocked.Increment(ref _pingsAnswered);
        }
    }

    // A loop, not Array.Find with a lambda: the receive path allocates nothing per message, a flood included.
    private Attached? Find(WebRtcDataChannel channel)
    {
        foreach (var attached in Volatile.Read(ref _channels))
        {
            if (attached.Channel == channel)
            {
                return attached;
            }
        }

        return null;
    }

    private void OnClosed(object? sender, EventArgs e)
    {
        if (sender is not WebRtcDataChannel channel)
        {
            return;
        }

        lock (_membership)
        {
            _channels = Array.FindAll(_channels, candidate => candidate.Channel != channel);
        }

        Detach(channel);
        _logger.LogInformation("Channel {Id} left the low-latency path", channel.Id);
    }

    private void Detach(WebRtcDataChannel channel)
    {
        channel.MessageReceived -= _onMessage;
        channel.Closed -= _onClosed;
    }

    private void CountEncodeError(OpusException? error)
    {
        // Logged once: an error that repeats every frame would flood the log hundreds of times a second.
        if (Interlocked.Increment(ref _encodeErrors) != 1)
        {
            return;
        }

        if (error is null)
        {
            _logger.LogError("A frame arrived that is not a whole number of {Samples}-sample low-latency frames", _encoder.SamplesPerChannel);
        }
        else
        {
            _logger.LogError(error, "Low-latency Opus encoding failed");
        }
    }

    private sealed class Attached(WebRtcDataChannel channel)
    {
        internal WebRtcDataChannel Channel { get; } = channel;

        internal long LastPong { get; set; } = long.MinValue / 2;
    }
}
