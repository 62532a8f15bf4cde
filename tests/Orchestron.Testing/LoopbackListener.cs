using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Sdp;
using Orchestron.WebRtc.Srtp;
using Orchestron.WebRtc.Stun;

namespace Orchestron.Testing;

/// <summary>
/// A minimal listening peer on loopback, made of the package's own client-side layers: it offers recvonly
/// Opus, checks connectivity as the controlling ICE agent, runs DTLS as the client with OpenSSL, and
/// decrypts SRTP, counting packets and sequence gaps. Light enough to run a hundred at once; the
/// independent peers (aiortc, Chromium) prove interoperability, this one proves fan-out and timing rules.
/// It can also answer instead of offer (<see cref="Answer"/>), for ICE-lite servers that offer, such as Janus's
/// streaming plugin: the checks, DTLS and SRTP are the same either way.
/// </summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly DtlsContext _context;
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly byte[] _bindingResponse = new byte[256];
    private readonly byte[] _localPasswordKey;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private DtlsSession? _dtls;
    private SrtpSession? _srtp;
    private IPEndPoint? _server;
    private byte[] _serverPassword = [];
    private string _serverUfrag = "";
    private Thread? _receiver;
    private Thread? _checker;
    private int? _lastSequence;
    private readonly OpusDecoder? _decoder;
    private readonly float[] _decoded = new float[OpusDecoder.MaxSamplesPerChannel * 2];
    private bool _wasSilent = true;
    private readonly bool _offerRed;
    private readonly bool _offerDataChannels;
    private DataChannelSession? _dataChannels;

    /// <summary>A listener; with <paramref name="decode"/>, it also decodes the Opus audio and times note onsets.</summary>
    /// <param name="decode">Decode the Opus audio, time onsets and allow <see cref="CaptureAudio"/>.</param>
    /// <param name="bindAddress">
    /// The address to receive on; loopback by default. A listener of Janus binds to any address: Janus offers the
    /// machine's own address, not loopback, and does not answer checks that come from loopback.
    /// </param>
    /// <param name="offerRed">
    /// Offer RTP redundancy (red/48000/2 over Opus as payload type 63, as Chromium does) besides plain Opus.
    /// </param>
    /// <param name="dataChannels">Offer a data channel section too and, once DTLS is up, start SCTP as browsers do.</param>
    public LoopbackListener(bool decode = false, IPAddress? bindAddress = null, bool offerRed = false, bool dataChannels = false)
    {
        _offerRed = offerRed;
        _offerDataChannels = dataChannels;
        _decoder = decode ? new OpusDecoder() : null;
        _context = new DtlsContext(_certificate);
        _localPasswordKey = Encoding.UTF8.GetBytes(_local.Password);
        _socket.Bind(new IPEndPoint(bindAddress ?? IPAddress.Loopback, 0));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Sends connectivity checks (and so keeps consent) while true.</summary>
    public volatile bool SendChecks = true;

    public long DatagramsReceived;
    public long MediaPackets;
    public long SequenceGaps;
    public long AuthenticationFailures;

    /// <summary>Packets in sequence whose RTP timestamp did not advance by the same step as the packet before.</summary>
    public long TimestampDiscontinuities;

    private uint? _lastTimestamp;
    private uint? _timestampStep;
    private readonly List<float> _capturedLeft = [];
    private int _captureLimit;

    public bool IsConnected => _srtp is not null;

    /// <summary>Whether this peer's SCTP association is up (the answer accepted its data channel section).</summary>
    public bool DataChannelsEstablished => _dataChannels?.AssociationState == Orchestron.WebRtc.Sctp.SctpAssociationState.Established;

    /// <summary>Opens a data channel from this peer, as a browser's <c>createDataChannel</c> does.</summary>
    public WebRtcDataChannel OpenDataChannel(string label, bool ordered = true, int? maxRetransmits = null) =>
        _dataChannels!.Open(new DataChannelParameters(label, "", ordered, maxRetransmits, null));

    /// <summary>Sends <paramref name="packet"/> to the server as DTLS application data, where SCTP packets go.</summary>
    public void SendApplicationData(ReadOnlySpan<byte> packet)
    {
        lock (_dataChannels!.Gate)
        {
            _dtls!.SendApplicationData(packet);
        }
    }

    /// <summary>The USERNAME of this peer's checks: what an offerer holding its own credentials can put in a forged one.</summary>
    public string CheckUsername => $"{_serverUfrag}:{_local.Ufrag}";

    /// <summary>The server's ICE password from the answer, which authenticates this peer's checks.</summary>
    public string ServerPassword => Encoding.UTF8.GetString(_serverPassword);

    /// <summary>Sends <paramref name="datagram"/> to the server from this peer's own address, as a spoofer could.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => Send(datagram);

    /// <summary>Ends the connection the way a peer that leaves does: DTLS close_notify.</summary>
    public void CloseDtls()
    {
        lock (_gate)
        {
            _dtls!.Close();
        }
    }

    /// <summary>
    /// Stopwatch timestamps of the packets whose decoded audio rose above -20 dBFS after silence (-40 dBFS):
    /// when a note played at the source arrived here.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> Onsets { get; } = new();

    /// <summary>
    /// When set, a copy of every media packet after SRTP (header and payload) is queued here; off by default, since
    /// the copies allocate.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentQueue<byte[]>? Packets { get; set; }

    public string Offer() => string.Join("\r\n", [.. OfferLines(), .. _offerDataChannels ? DataChannelSection() : [], ""]);

    private string[] OfferLines() =>
    [
        "v=0",
        "o=- 1 1 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        _offerDataChannels ? "a=group:BUNDLE 0 1" : "a=group:BUNDLE 0",
        _offerRed ? "m=audio 9 UDP/TLS/RTP/SAVPF 111 63" : "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        "c=IN IP4 0.0.0.0",
        "a=mid:0",
        "a=recvonly",
        "a=rtcp-mux",
        $"a=ice-ufrag:{_local.Ufrag}",
        $"a=ice-pwd:{_local.Password}",
        $"a=fingerprint:{_certificate.Fingerprint}",
        "a=setup:actpass",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1;stereo=1",
        .. _offerRed ? (string[])["a=rtpmap:63 red/48000/2", "a=fmtp:63 111/111"] : [],
    ];

    private string[] DataChannelSection() =>
    [
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=mid:1",
        $"a=ice-ufrag:{_local.Ufrag}",
        $"a=ice-pwd:{_local.Password}",
        $"a=fingerprint:{_certificate.Fingerprint}",
        "a=setup:actpass",
        "a=sctp-port:5000",
        "a=max-message-size:65536",
    ];

    /// <summary>
    /// Answers an offer from a server that offers (recvonly Opus in the offer's own mid and payload type, DTLS
    /// client) and starts checking and receiving.
    /// </summary>
    public string Answer(string offerSdp)
    {
        var offer = SdpSessionDescription.Parse(offerSdp);
        var audio = offer.Media.Single(media => media.Media == "audio");
        var opus = audio.FindOpus() ?? throw new InvalidOperationException("The offer has no Opus.");
        var mid = audio.Mid ?? "0";
        var answer = string.Join("\r\n",
            "v=0",
            "o=- 1 1 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            $"a=group:BUNDLE {mid}",
            $"m=audio 9 UDP/TLS/RTP/SAVPF {opus.PayloadType}",
            "c=IN IP4 0.0.0.0",
            $"a=mid:{mid}",
            "a=recvonly",
            "a=rtcp-mux",
            $"a=ice-ufrag:{_local.Ufrag}",
            $"a=ice-pwd:{_local.Password}",
            $"a=fingerprint:{_certificate.Fingerprint}",
            "a=setup:active",
            $"a=rtpmap:{opus.PayloadType} opus/48000/2",
            $"a=fmtp:{opus.PayloadType} stereo=1",
            $"a=candidate:1 1 udp 2130706431 {ServerAddress(audio)} {LocalEndPoint.Port} typ host",
            "a=end-of-candidates",
            "");
        Start(offerSdp);
        return answer;
    }

    /// <summary>Keeps the left channel of the first <paramref name="samples"/> decoded samples (needs <c>decode</c>).</summary>
    public void CaptureAudio(int samples)
    {
        lock (_gate)
        {
            _captureLimit = samples;
        }
    }

    /// <summary>The left channel captured so far.</summary>
    public float[] CapturedLeft()
    {
        lock (_gate)
        {
            return [.. _capturedLeft];
        }
    }

    /// <summary>Takes the answer (or, with <see cref="Answer"/>, the offer) and starts checking and receiving.</summary>
    public void Start(string answerSdp)
    {
        var answer = SdpSessionDescription.Parse(answerSdp);
        var audio = answer.Media.Single(media => media.Media == "audio");
        _serverUfrag = answer.IceUfragFor(audio)!;
        _serverPassword = Encoding.UTF8.GetBytes(answer.IcePasswordFor(audio)!);
        var candidate = audio.Candidates.First(c => c.Address == ServerAddress(audio));
        _server = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        _dtls = new DtlsSession(_context, DtlsRole.Client, answer.FingerprintFor(audio)!, datagram => Send(datagram));
        if (answer.Media.Any(media => media.IsDataChannel && media.Port != 0))
        {
            var dtls = _dtls;
            _dataChannels = new DataChannelSession(DtlsRole.Client, packet => dtls.SendApplicationData(packet), 1120, 5000, NullLogger.Instance);
            _dtls.ApplicationDataReceiver = _dataChannels.HandlePacket;
        }

        _receiver = new Thread(Receive) { IsBackground = true };
        _checker = new Thread(Check) { IsBackground = true };
        _receiver.Start();
        _checker.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _receiver?.Join();
        _checker?.Join();
        lock (_gate)
        {
            _srtp?.Dispose();
            _dtls?.Dispose();
        }

        _context.Dispose();
        _certificate.Dispose();
        _decoder?.Dispose();
    }

    /// <summary>
    /// The server's loopback candidate, or else its first IPv4 one: Janus never gathers on loopback interfaces, so
    /// it offers the machine's own address, which is local traffic all the same.
    /// </summary>
    private static string ServerAddress(SdpMediaDescription audio) =>
        audio.Candidates.FirstOrDefault(c => c.Address == "127.0.0.1")?.Address
            ?? audio.Candidates.First(c => IPAddress.TryParse(c.Address, out var address) && address.AddressFamily == AddressFamily.InterNetwork).Address;

    private void Check()
    {
        var request = new byte[256];
        var transaction = new byte[StunConstants.TransactionIdLength];
        var username = $"{_serverUfrag}:{_local.Ufrag}";
        while (!_stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(IsConnected ? 500 : 50)))
        {
            lock (_gate)
            {
                if (_dtls!.GetRetransmissionTimeout() is { } timeout && timeout <= TimeSpan.Zero)
                {
                    _dtls.HandleTimeout();
                }

                _dataChannels?.OnTimer(Environment.TickCount64);
            }

            if (!SendChecks)
            {
                continue;
            }

            RandomNumberGenerator.Fill(transaction);
            var writer = new StunMessageWriter(request, StunMessageType.BindingRequest, transaction);
            writer.AddText(StunAttributeType.Username, username);
            writer.AddUInt32(StunAttributeType.Priority, 0x7E0000FF);
            writer.AddUInt64(StunAttributeType.IceControlling, 1);
            writer.AddFlag(StunAttributeType.UseCandidate);
            writer.AddMessageIntegrity(_serverPassword);
            writer.AddFingerprint();
            Send(request.AsSpan(0, writer.Length));
        }
    }

    private void Receive()
    {
        // Receiving into a reused SocketAddress allocates nothing, so benchmarks that count every thread's
        // allocations see only the sender's.
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref DatagramsReceived);
            lock (_gate)
            {
                OnDatagram(buffer.AsSpan(0, length));
            }
        }
    }

    private void OnDatagram(Span<byte> datagram)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun when AnswerCheck(datagram):
                break;
            case DatagramKind.Stun when _dtls!.State == DtlsSessionState.New:
                _dtls.Start();
                break;
            case DatagramKind.Dtls:
                DtlsSessionState state;
                if (_dataChannels is null)
                {
                    state = _dtls!.ProcessDatagram(datagram);
                }
                else
                {
                    // The data channels' lock before the DTLS session's, as everywhere.
                    lock (_dataChannels.Gate)
                    {
                        state = _dtls!.ProcessDatagram(datagram);
                    }
                }

                if (state == DtlsSessionState.Connected && _srtp is null)
                {
                    var keys = _dtls.SrtpKeys!;
                    _srtp = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt, keys.RemoteMasterKey, keys.RemoteMasterSalt);
                    _dataChannels?.Connect();
                }

                break;
            case DatagramKind.Rtp when _srtp is not null && datagram[1] is < 192 or > 223:
                if (_srtp.Unprotect(datagram, datagram.Length, out var plainLength) != SrtpUnprotectResult.Success)
                {
                    Interlocked.Increment(ref AuthenticationFailures);
                    return;
                }

                var sequence = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
                if (_lastSequence is { } last && sequence != (ushort)(last + 1))
                {
                    Interlocked.Increment(ref SequenceGaps);
                }

                var timestamp = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
                if (_lastSequence is { } previous && sequence == (ushort)(previous + 1) && _lastTimestamp is { } lastTimestamp)
                {
                    var step = timestamp - lastTimestamp;
                    _timestampStep ??= step;
                    if (step != _timestampStep)
                    {
                        Interlocked.Increment(ref TimestampDiscontinuities);
                    }
                }

                _lastTimestamp = timestamp;
                _lastSequence = sequence;
                Packets?.Enqueue(datagram[..plainLength].ToArray());
                Interlocked.Increment(ref MediaPackets);
                if (_decoder is not null)
                {
                    DetectOnset(datagram[12..plainLength]);
                }

                break;
        }
    }

    /// <summary>
    /// Answers a connectivity check from the server as a full ICE agent does: our server probes a new path with
    /// one before it sends media there, and Janus's ICE-lite agent still sends triggered checks and counts a path
    /// as working only once they succeed. While checks are off, a peer that has gone silent answers nothing.
    /// False when the datagram was not a check.
    /// </summary>
    private bool AnswerCheck(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessageReader.TryParse(datagram, out var request) || request.MessageType != StunMessageType.BindingRequest)
        {
            return false;
        }

        var key = _localPasswordKey;
        if (!SendChecks || !request.VerifyMessageIntegrity(key))
        {
            return true;
        }

        var response = _bindingResponse;
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(_server!.Address, _server.Port);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        Send(response.AsSpan(0, writer.Length));
        return true;
    }

    private void DetectOnset(ReadOnlySpan<byte> opusPayload)
    {
        var samples = _decoder!.Decode(opusPayload, _decoded) * 2;
        for (var i = 0; i < samples && _capturedLeft.Count < _captureLimit; i += 2)
        {
            _capturedLeft.Add(_decoded[i]);
        }

        var peak = 0f;
        foreach (var sample in _decoded.AsSpan(0, samples))
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        if (_wasSilent && peak > 0.1f)
        {
            Onsets.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            _wasSilent = false;
        }
        else if (peak < 0.01f)
        {
            _wasSilent = true;
        }
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _server!);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
