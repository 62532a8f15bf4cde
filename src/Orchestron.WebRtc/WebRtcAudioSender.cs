using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Sdp;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc;

/// <summary>
/// Sends one session's audio to any number of WebRTC listeners: each paced frame is Opus-encoded once,
/// packetised once, and protected and sent per listener with that listener's own SRTP keys.
/// </summary>
/// <remarks>
/// Feed it one frame per period from the session's clock with <see cref="SendFrame"/> (in Orchestron.Streaming the
/// pacer does this). Listeners join with
/// <see cref="AcceptOffer"/> and leave with <see cref="RemoveListener(string)"/> at any time, from any thread,
/// without disturbing the others: the pacer reads an immutable array that membership changes replace.
/// </remarks>
public sealed class WebRtcAudioSender : IDisposable
{
    private readonly UdpMediaTransport _server;
    private readonly WebRtcAudioSenderOptions _options;
    private readonly ILogger _logger;
    private readonly OpusEncoder _encoder;
    private readonly RtpOpusPacketizer _packetizer;
    private readonly Lock _membership = new();
    private readonly byte[] _opusPacket = new byte[OpusEncoder.MaxPacketSize];
    private readonly byte[] _rtpPacket = new byte[OpusEncoder.MaxPacketSize + RtpHeader.Length];
    private readonly byte[] _rtcpPacket = new byte[256];
    private readonly string _canonicalName = RandomNumberGenerator.GetHexString(16, lowercase: true);
    private readonly RtcpSenderReportScheduler _reports;

    // Each listener's packets carry the payload type its own offer chose; this one is rewritten per listener.
    private const byte OpusDefaultPayloadType = 111;
    private WebRtcListener[] _listeners = [];
    private long _framesSent;
    private long _encodeErrors;
    private bool _disposed;

    internal WebRtcAudioSender(UdpMediaTransport server, WebRtcAudioSenderOptions options)
    {
        options.Validate();
        _server = server;
        _options = options;
        _logger = server.LoggerFactory.CreateLogger<WebRtcAudioSender>();
        _encoder = new OpusEncoder(options.Opus);
        SamplesPerChannel = _encoder.SamplesPerChannel;
        _packetizer = new RtpOpusPacketizer(OpusDefaultPayloadType);
        _reports = new RtcpSenderReportScheduler(options.SenderReportInterval);
    }

    /// <summary>Raised when a listener's connection state changes, on the thread that saw the change.</summary>
    public event EventHandler<WebRtcListenerStateChangedEventArgs>? ListenerStateChanged;

    /// <summary>The samples per channel each frame must hold (480 for 10 ms, 960 for 20 ms).</summary>
    public int SamplesPerChannel { get; }

    /// <summary>The RTP synchronisation source of this session's stream.</summary>
    public uint Ssrc => _packetizer.Ssrc;

    /// <summary>Listeners that have not failed or closed.</summary>
    public int ListenerCount => Volatile.Read(ref _listeners).Length;

    /// <summary>Frames encoded and handed to listeners.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames dropped because encoding failed or the frame had the wrong size.</summary>
    public long EncodeErrors => Interlocked.Read(ref _encodeErrors);

    /// <summary>Accepts a browser's offer and returns the answer; the new listener connects when the browser checks in.</summary>
    /// <param name="offerSdp">The offer, typically <c>recvonly</c> audio.</param>
    /// <returns>The listener's identifier and the SDP answer.</returns>
    /// <exception cref="SdpParseException">The offer is malformed.</exception>
    /// <exception cref="SdpNegotiationException">The offer has no usable audio or Opus, or lacks ICE or DTLS parameters.</exception>
    /// <exception cref="WebRtcNegotiationException">The session is full or closed.</exception>
    public WebRtcAnswer AcceptOffer(string offerSdp)
    {
        ArgumentNullException.ThrowIfNull(offerSdp);
        var offer = SdpSessionDescription.Parse(offerSdp);
        var credentials = IceCredentials.Generate();
        var answer = SdpAnswerBuilder.Build(offer, new SdpAnswerOptions(credentials, _server.Fingerprint, _server.LocalCandidates)
        {
            Ssrc = Ssrc,
            CanonicalName = _canonicalName,
        });

        lock (_membership)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listeners.Length >= _options.MaxListeners)
            {
                throw new WebRtcNegotiationException($"The session already has its maximum of {_options.MaxListeners} listeners.");
            }

            var listener = new WebRtcListener(
                _server, this, credentials, answer.RemoteIceUfrag, answer.DtlsRole, answer.RemoteFingerprint, (byte)answer.OpusPayloadType);
            _server.Register(listener);
            _listeners = [.. _listeners, listener];
            _logger.LogInformation("Listener {Listener} joined ({Count} listening)", listener.Id, _listeners.Length);
            return new WebRtcAnswer(listener.Id, answer.Sdp);
        }
    }

    /// <summary>Removes a listener: it gets an RTCP BYE and a DTLS close_notify, and no more media.</summary>
    /// <param name="listenerId">The identifier from <see cref="AcceptOffer"/>.</param>
    /// <returns>False when no such listener exists (or it has already left).</returns>
    public bool RemoveListener(string listenerId) => RemoveListener(listenerId, "removed");

    /// <summary>Statistics of every current listener.</summary>
    public IReadOnlyList<WebRtcListenerStatistics> GetListenerStatistics() =>
        Array.ConvertAll(Volatile.Read(ref _listeners), listener => listener.GetStatistics());

    /// <summary>Statistics of one listener.</summary>
    /// <param name="listenerId">The identifier from <see cref="AcceptOffer"/>.</param>
    /// <param name="statistics">The statistics when found.</param>
    public bool TryGetListenerStatistics(string listenerId, out WebRtcListenerStatistics statistics)
    {
        var listener = Find(listenerId);
        statistics = listener?.GetStatistics() ?? default;
        return listener is not null;
    }

    /// <summary>Encodes one frame once and sends it to every connected listener; never blocks or allocates.</summary>
    /// <param name="interleavedStereo">
    /// <see cref="SamplesPerChannel"/> interleaved stereo float samples at 48 kHz in [-1, 1], valid only during the call.
    /// </param>
    /// <param name="timestamp">The 48 kHz sample index of the frame's first sample, from the caller's clock.</param>
    /// <param name="isSilence">True when the caller had no audio for this period and sends silence.</param>
    /// <remarks>Call it from one thread at a time, once per frame period.</remarks>
    public void SendFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        var listeners = Volatile.Read(ref _listeners);
        if (listeners.Length == 0)
        {
            return;
        }

        if (interleavedStereo.Length != SamplesPerChannel * OpusEncoder.Channels)
        {
            CountEncodeError("a frame of {Length} samples arrived; the encoder takes {Expected}", interleavedStereo.Length);
            return;
        }

        int opusLength;
        try
        {
            opusLength = _encoder.Encode(interleavedStereo, _opusPacket);
        }
        catch (OpusException error)
        {
            CountEncodeError("Opus encoding failed: " + error.Message, interleavedStereo.Length);
            return;
        }

        var rtpLength = _packetizer.Packetize(_opusPacket.AsSpan(0, opusLength), SamplesPerChannel, _encoder.LastPacketWasDtx, _rtpPacket);
        var rtp = _rtpPacket.AsSpan(0, rtpLength);
        foreach (var listener in listeners)
        {
            if (rtpLength > 0)
            {
                listener.SendMedia(rtp, opusLength);
            }
        }

        Interlocked.Increment(ref _framesSent);

        // One report for the stream, written once; each listener only protects its own copy.
        if (_reports.TryWriteDueReport(_rtcpPacket, _packetizer, _canonicalName, out var reportLength))
        {
            var report = _rtcpPacket.AsSpan(0, reportLength);
            foreach (var listener in listeners)
            {
                listener.SendRtcp(report);
            }
        }
    }

    /// <summary>Closes every listener and frees the encoder.</summary>
    public void Dispose()
    {
        WebRtcListener[] listeners;
        lock (_membership)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            listeners = _listeners;
        }

        foreach (var listener in listeners)
        {
            RemoveListener(listener.Id, "session closed");
        }

        _encoder.Dispose();
    }

    internal bool RemoveListener(string listenerId, string reason)
    {
        WebRtcListener? listener;
        lock (_membership)
        {
            listener = Array.Find(_listeners, candidate => candidate.Id == listenerId);
            if (listener is null)
            {
                return false;
            }

            _listeners = Array.FindAll(_listeners, candidate => !ReferenceEquals(candidate, listener));
        }

        _server.Unregister(listener);
        Span<byte> goodbye = stackalloc byte[256];
        var change = listener.Close(reason, goodbye[.._reports.WriteGoodbye(goodbye, _packetizer, _canonicalName)]);
        _logger.LogInformation("Listener {Listener} left: {Reason}", listener.Id, reason);
        if (change is not null)
        {
            Raise(change);
        }

        return true;
    }

    /// <summary>Called by the server's threads when a listener's state changes; a failed or closed listener is removed.</summary>
    internal void OnListenerStateChanged(WebRtcListener listener, WebRtcListenerStateChangedEventArgs change)
    {
        Raise(change);
        if (change.Current is WebRtcListenerState.Failed or WebRtcListenerState.Closed)
        {
            RemoveListener(listener.Id, change.Reason ?? change.Current.ToString());
        }
    }

    private WebRtcListener? Find(string listenerId) => Array.Find(Volatile.Read(ref _listeners), listener => listener.Id == listenerId);

    private void Raise(WebRtcListenerStateChangedEventArgs change)
    {
        try
        {
            ListenerStateChanged?.Invoke(this, change);
        }
        catch (Exception error)
        {
            // A subscriber's fault must not stop the receive loop or the pacer.
            _logger.LogWarning(error, "A ListenerStateChanged handler threw");
        }
    }

    private void CountEncodeError(string message, int length)
    {
        if (Interlocked.Increment(ref _encodeErrors) == 1)
        {
            _logger.LogError(message, length, SamplesPerChannel * OpusEncoder.Channels);
        }
    }
}
