// Over 400 lines: the one place where encoding, listener membership and forwards meet the pacer's frame; each part reads the same immutable listener array.
using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.LowLatency;
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
/// <para>
/// Feed it one frame per period from the session's clock with <see cref="SendFrame"/> (in Orchestron.Streaming the
/// pacer does this). That clock is the only one: every RTP timestamp and every sender report is derived from the
/// caller's timestamps. Listeners join with <see cref="AcceptOffer"/> and leave with
/// <see cref="RemoveListener(string)"/> at any time, from any thread, without disturbing the others: the pacer
/// reads an immutable array that membership changes replace.
/// </para>
/// <para>
/// The media path runs one way: this type encodes and packetises, each listener protects with its own keys, and
/// the transport sends. State changes come back up as the listeners' events and the transport's
/// <see cref="UdpMediaTransport.Stopping"/>, never as calls from below.
/// </para>
/// <para>
/// A listener whose offer has RED (RFC 2198) over Opus gets each packet with the
/// <see cref="WebRtcAudioSenderOptions.RedundancyDistance"/> packets before it repeated inside: copies of what was
/// already encoded, kept in a fixed history, so that a lost packet is rebuilt from a later one. Every other
/// listener, and every forward, gets the same packets as plain Opus.
/// </para>
/// </remarks>
public sealed class WebRtcAudioSender : IDisposable
{
    /// <summary>The most candidates of one offer given a TURN permission or a NAT opening; a browser offers a handful.</summary>
    private const int MaxCandidatesOpened = 16;

    private readonly UdpMediaTransport _transport;
    private readonly WebRtcAudioSenderOptions _options;
    private readonly LowLatencyAudioPath? _lowLatency;
    private readonly ILogger _logger;
    private readonly OpusRtpEncoder _encoder;
    private readonly EncodedPacketHistory _history = new(Opus.OpusEncoder.MaxPacketSize);
    private readonly Lock _membership = new();
    private readonly byte[] _rtcpPacket = new byte[256];
    private readonly string _canonicalName = RandomNumberGenerator.GetHexString(16, lowercase: true);
    private readonly RtcpSenderReportScheduler _reports;
    private readonly EventHandler<WebRtcListenerStateChangedEventArgs> _onListenerStateChanged;
    private readonly EventHandler _onTransportStopping;
    private readonly Action<WebRtcListener, WebRtcDataChannel> _onDataChannelOpened;
    private WebRtcListener[] _listeners = [];
    private RtpForward[] _forwards = [];
    private long _framesSent;
    private long _lastTimestamp;
    private bool _disposed;

    /// <summary>Creates the sender of one session on <paramref name="transport"/>.</summary>
    /// <param name="transport">The transport whose UDP port the session's listeners share.</param>
    /// <param name="options">The session's encoder and listener settings; validated here.</param>
    /// <exception cref="ObjectDisposedException">The transport has been disposed.</exception>
    public WebRtcAudioSender(UdpMediaTransport transport, WebRtcAudioSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(transport.IsDisposed, transport);
        options.Validate();
        _transport = transport;
        _options = options;
        _logger = transport.LoggerFactory.CreateLogger<WebRtcAudioSender>();
        _encoder = new OpusRtpEncoder(options.Opus, _logger);
        try
        {
            _lowLatency = options.LowLatency is null ? null : new LowLatencyAudioPath(options.LowLatency, options.Opus.FrameDuration, _logger);
        }
        catch
        {
            // Its own encoder failed to start: the RTP encoder made just before it must not leak.
            _encoder.Dispose();
            throw;
        }

        _reports = new RtcpSenderReportScheduler(options.SenderReportInterval);
        _onListenerStateChanged = OnListenerStateChanged;
        _onTransportStopping = OnTransportStopping;
        _onDataChannelOpened = OnDataChannelOpened;
        transport.Stopping += _onTransportStopping;
    }

    /// <summary>Raised when a listener's connection state changes, on the thread that saw the change.</summary>
    public event EventHandler<WebRtcListenerStateChangedEventArgs>? ListenerStateChanged;

    /// <summary>
    /// Raised when a listener's peer opens a data channel (its offer had a data channel section, see
    /// <see cref="WebRtcAudioSenderOptions.AcceptDataChannels"/>), on the transport's receive thread, before the
    /// channel's first message: subscribe to the channel's events in the handler. A channel the low-latency path
    /// takes (see <see cref="WebRtcAudioSenderOptions.LowLatency"/>) is not reported.
    /// </summary>
    public event EventHandler<WebRtcDataChannelOpenedEventArgs>? DataChannelOpened;

    /// <summary>The counters of the low-latency audio path, or null when <see cref="WebRtcAudioSenderOptions.LowLatency"/> is off.</summary>
    public LowLatencyAudioStatistics? LowLatencyStatistics => _lowLatency?.Statistics;

    /// <summary>The samples per channel each frame must hold (120, 240, 480 or 960 for 2.5, 5, 10 or 20 ms).</summary>
    public int SamplesPerChannel => _encoder.SamplesPerChannel;

    /// <summary>The RTP synchronisation source of this session's stream.</summary>
    public uint Ssrc => _encoder.Packetizer.Ssrc;

    /// <summary>Listeners that have not failed or closed.</summary>
    public int ListenerCount => Volatile.Read(ref _listeners).Length;

    /// <summary>The forwards the stream is copied to (see <see cref="AddForward"/>).</summary>
    public int ForwardCount => Volatile.Read(ref _forwards).Length;

    /// <summary>Frames encoded and handed to listeners (Opus DTX frames, which are not sent, excluded).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames dropped because encoding failed or the frame had the wrong size.</summary>
    public long EncodeErrors => _encoder.EncodeErrors;

    // The browser's own UDP candidates (and only they, at most MaxCandidatesOpened of them): with a relay, each gets a
    // TURN permission and channel, so that its checks can reach the relayed candidate; with a server-reflexive
    // address, each gets one Binding indication, so that a NAT in front of the host lets its checks in. mDNS names
    // and TCP candidates can be neither.
    private void PrepareOfferedCandidates(SdpSessionDescription offer)
    {
        if (_transport.Relay is null && _transport.ServerReflexiveAddress is null)
        {
            return;
        }

        var opened = 0;
        foreach (var media in offer.Media)
        {
            foreach (var candidate in media.Candidates)
            {
                if (candidate.Transport == "udp" && System.Net.IPAddress.TryParse(candidate.Address, out var address)
                    && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && opened++ < MaxCandidatesOpened)
                {
                    var endPoint = new System.Net.IPEndPoint(address, candidate.Port);
                    _transport.PermitThroughRelay(endPoint);
                    _transport.OpenNatTowards(endPoint);
                }
            }
        }
    }

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
        var answer = SdpAnswerBuilder.Build(offer, new SdpAnswerOptions(credentials, _transport.Fingerprint, _transport.LocalCandidates)
        {
            Ssrc = Ssrc,
            CanonicalName = _canonicalName,
            AllowSha1Fingerprints = _transport.Options.AllowSha1Fingerprints,
            RedundancyDistance = _options.RedundancyDistance,
            AcceptDataChannels = _options.AcceptDataChannels,
            PacketTimeMs = _options.Opus.FrameDuration.ToMilliseconds(),
        });

        PrepareOfferedCandidates(offer);
        lock (_membership)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listeners.Length >= _options.MaxListeners)
            {
                throw new WebRtcNegotiationException($"The session already has its maximum of {_options.MaxListeners} listeners.");
            }

            var listener = new WebRtcListener(
                _transport, Ssrc, credentials, answer.RemoteIceUfrag, answer.RemoteIcePassword, answer.DtlsRole, answer.RemoteFingerprint, (byte)answer.OpusPayloadType,
                answer.RedPayloadType is { } red ? new ListenerRedundancy((byte)red, answer.RedundancyDistance) : null,
                answer.RemoteSctpPort);
            try
            {
                _transport.Register(listener.LocalUfrag, listener);
            }
            catch (Exception)
            {
                // The listener owns a DTLS session already; it must not outlive a registration that failed.
                listener.Close("not registered", []);
                throw;
            }

            listener.StateChanged += _onListenerStateChanged;
            listener.DataChannelOpened += _onDataChannelOpened;
            _listeners = [.. _listeners, listener];
            _logger.LogInformation(
                "Listener {Listener} joined ({Count} listening); {Payload}", listener.Id, _listeners.Length,
                answer.RedPayloadType is null ? "plain Opus" : $"Opus with RED, distance {answer.RedundancyDistance}");
            return new WebRtcAnswer(listener.Id, answer.Sdp);
        }
    }

    /// <summary>
    /// Starts copying the stream, as already-encoded RTP packets with its own SSRC and clock, to a fixed address
    /// such as a Janus streaming mountpoint; sender reports follow to its RTCP end point.
    /// </summary>
    /// <param name="options">Where to, and whether with SRTP; validated here.</param>
    /// <returns>The forward; its <see cref="RtpForward.SrtpCrypto"/> is the key the receiver needs.</returns>
    /// <remarks>Frames are encoded while a listener or a forward exists, so a forward alone keeps the stream encoded.</remarks>
    public RtpForward AddForward(RtpForwardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var forward = new RtpForward(_transport, options);
        lock (_membership)
        {
            if (_disposed)
            {
                forward.Dispose();
                throw new ObjectDisposedException(nameof(WebRtcAudioSender));
            }

            _forwards = [.. _forwards, forward];
        }

        _logger.LogInformation("Forwarding to RTP {Destination} ({Count} forwards)", options.RtpEndPoint, _forwards.Length);
        return forward;
    }

    /// <summary>Stops a forward: it gets a closing RTCP BYE and no more packets.</summary>
    /// <param name="forward">A forward this sender made.</param>
    /// <returns>False when it had already been removed.</returns>
    public bool RemoveForward(RtpForward forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        lock (_membership)
        {
            if (Array.IndexOf(_forwards, forward) < 0)
            {
                return false;
            }

            _forwards = Array.FindAll(_forwards, candidate => !ReferenceEquals(candidate, forward));
        }

        Span<byte> goodbye = stackalloc byte[256];
        var goodbyeLength = _reports.WriteGoodbye(goodbye, _encoder.Packetizer, Volatile.Read(ref _lastTimestamp), _canonicalName);
        forward.SendRtcp(goodbye[..goodbyeLength]);
        forward.Dispose();
        _logger.LogInformation("Stopped forwarding to RTP {Destination}", forward.RtpEndPoint);
        return true;
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
    /// <param name="timestamp">
    /// The 48 kHz sample index of the frame's first sample, from the caller's clock. The packet's RTP timestamp is
    /// this plus the session's random offset, so a frame that is not sent leaves a gap of its length and nothing more.
    /// </param>
    /// <param name="isSilence">True when the caller had no audio for this period and sends silence.</param>
    /// <remarks>
    /// Call it from one thread at a time, once per frame period, at the moment the caller's clock reads
    /// <paramref name="timestamp"/>: sender reports pair that moment's wallclock with it. A silent frame is encoded
    /// and sent like any other so that browsers keep playing without concealment; the first packet of sound after
    /// it carries the marker bit (see <see cref="OpusRtpEncoder"/> for why).
    /// </remarks>
    public void SendFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        Volatile.Write(ref _lastTimestamp, timestamp);
        var listeners = Volatile.Read(ref _listeners);
        var forwards = Volatile.Read(ref _forwards);
        if (listeners.Length == 0 && forwards.Length == 0)
        {
            // Nobody listens, so nothing is encoded; whatever is sent next starts a talkspurt for whoever joins.
            _encoder.Skip();
            return;
        }

        // The low-latency path first: its listeners are waiting for this frame; the RTP track's jitter buffer is not.
        _lowLatency?.SendFrame(interleavedStereo, timestamp);

        if (!_encoder.TryEncode(interleavedStereo, timestamp, isSilence, out var rtp, out var payloadLength))
        {
            return;
        }

        foreach (var listener in listeners)
        {
            listener.SendMedia(rtp, payloadLength, _history);
        }

        foreach (var forward in forwards)
        {
            forward.SendMedia(rtp, payloadLength);
        }

        if (_options.RedundancyDistance > RedundancyDistance.Off)
        {
            // Kept after sending, so that the next packet's RED blocks repeat this one; a copy, never a second encode.
            _history.Record(rtp.Slice(RtpHeader.Length, payloadLength), BinaryPrimitives.ReadUInt32BigEndian(rtp[4..]));
        }

        Interlocked.Increment(ref _framesSent);

        // One report for the stream, written once; each listener only protects its own copy.
        if (_reports.TryWriteDueReport(_rtcpPacket, _encoder.Packetizer, timestamp, _canonicalName, out var reportLength))
        {
            var report = _rtcpPacket.AsSpan(0, reportLength);
            foreach (var listener in listeners)
            {
                listener.SendRtcp(report);
            }

            foreach (var forward in forwards)
            {
                forward.SendRtcp(report);
            }
        }
    }

    /// <summary>Closes every listener and forward, and frees the encoder.</summary>
    public void Dispose()
    {
        WebRtcListener[] listeners;
        RtpForward[] forwards;
        lock (_membership)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            listeners = _listeners;
            forwards = _forwards;
        }

        _transport.Stopping -= _onTransportStopping;
        foreach (var listener in listeners)
        {
            RemoveListener(listener.Id, "session closed");
        }

        foreach (var forward in forwards)
        {
            RemoveForward(forward);
        }

        _encoder.Dispose();
        _lowLatency?.Dispose();
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

        _transport.Unregister(listener);
        listener.StateChanged -= _onListenerStateChanged;
        listener.DataChannelOpened -= _onDataChannelOpened;
        Span<byte> goodbye = stackalloc byte[256];
        var goodbyeLength = _reports.WriteGoodbye(goodbye, _encoder.Packetizer, Volatile.Read(ref _lastTimestamp), _canonicalName);
        var change = listener.Close(reason, goodbye[..goodbyeLength]);
        _logger.LogInformation("Listener {Listener} left: {Reason}", listener.Id, reason);
        if (change is not null)
        {
            Raise(change);
        }

        return true;
    }

    /// <summary>A listener's state changed, on the transport's threads; a failed or closed listener is removed.</summary>
    private void OnListenerStateChanged(object? source, WebRtcListenerStateChangedEventArgs change)
    {
        Raise(change);
        if (change.Current is WebRtcListenerState.Failed or WebRtcListenerState.Closed)
        {
            RemoveListener(change.ListenerId, change.Reason ?? change.Current.ToString());
        }
    }

    /// <summary>The transport is stopping: every listener and forward gets its goodbye while the socket can still send it.</summary>
    private void OnTransportStopping(object? source, EventArgs e)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            RemoveListener(listener.Id, "transport stopped");
        }

        foreach (var forward in Volatile.Read(ref _forwards))
        {
            RemoveForward(forward);
        }
    }

    private void OnDataChannelOpened(WebRtcListener listener, WebRtcDataChannel channel)
    {
        _logger.LogInformation("Listener {Listener} opened data channel {Id} '{Label}'", listener.Id, channel.Id, channel.Label);
        if (_lowLatency?.TryAttach(listener.Id, channel) == true)
        {
            return;
        }

        try
        {
            DataChannelOpened?.Invoke(this, new WebRtcDataChannelOpenedEventArgs(listener.Id, channel));
        }
        catch (Exception error)
        {
            // A subscriber's fault must not stop the receive loop.
            _logger.LogWarning(error, "A DataChannelOpened handler threw");
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
}
