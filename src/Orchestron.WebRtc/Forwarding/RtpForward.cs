using System.Net;
using System.Security.Cryptography;
using Orchestron.WebRtc.Srtp;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Forwarding;

/// <summary>
/// A copy of a session's stream sent as RTP to a fixed address, such as a Janus streaming mountpoint that
/// fans it out to its own WebRTC viewers: the packets the session already encoded, not a second encoding.
/// </summary>
/// <remarks>
/// <para>
/// The packets carry the stream's own SSRC, sequence numbers and timestamps, so the receiver sees the same clock
/// as every direct listener; only the payload type is rewritten to <see cref="RtpForwardOptions.PayloadType"/>.
/// With SRTP, the RTP packets are protected with the key in <see cref="SrtpCrypto"/>. The RTCP sender reports go
/// out in clear: Janus's streaming plugin decrypts the media port only and reads its RTCP port as plain RTCP,
/// and a report carries counters and clock readings, not audio.
/// </para>
/// <para>Sent from the session transport's socket, on the pacer's thread, without allocating.</para>
/// </remarks>
public sealed class RtpForward : IDisposable
{
    /// <summary>The Janus streaming plugin's <c>srtpsuite</c> value for AES_CM_128_HMAC_SHA1_80.</summary>
    public const int SrtpSuite = 80;

    /// <summary>The length of an AES_CM_128_HMAC_SHA1_80 master key and salt together.</summary>
    public const int MasterKeyAndSaltLength = MasterKeyLength + MasterSaltLength;

    private const int MaxDatagram = 1500;
    private const int MasterKeyLength = 16;
    private const int MasterSaltLength = 14;

    private readonly UdpMediaTransport _transport;
    private readonly SocketAddress _rtpAddress;
    private readonly SocketAddress? _rtcpAddress;
    private readonly byte _payloadType;
    private readonly byte[] _outbound = new byte[MaxDatagram];
    private readonly Lock _sendGate = new();
    private readonly bool _protects;
    private SrtpContext? _srtp;
    private bool _disposed;
    private long _packetsSent;
    private long _octetsSent;
    private long _reportsSent;

    internal RtpForward(UdpMediaTransport transport, RtpForwardOptions options)
    {
        _transport = transport;
        _payloadType = options.PayloadType;
        RtpEndPoint = options.RtpEndPoint;
        RtcpEndPoint = options.RtcpEndPoint;
        _rtpAddress = options.RtpEndPoint.Serialize();
        _rtcpAddress = options.RtcpEndPoint is { } rtcp ? rtcp.Serialize() : null;
        Id = RandomNumberGenerator.GetHexString(16, lowercase: true);
        _protects = options.Srtp;
        if (options.Srtp)
        {
            Span<byte> keyAndSalt = stackalloc byte[MasterKeyLength + MasterSaltLength];
            if (options.SrtpMasterKeyAndSalt is { } given)
            {
                given.Span.CopyTo(keyAndSalt);
            }
            else
            {
                RandomNumberGenerator.Fill(keyAndSalt);
            }

            _srtp = new SrtpContext(SrtpProtectionProfile.Aes128CmHmacSha1_80, keyAndSalt[..MasterKeyLength], keyAndSalt[MasterKeyLength..]);
            SrtpCrypto = Convert.ToBase64String(keyAndSalt);
            CryptographicOperations.ZeroMemory(keyAndSalt);
        }
    }

    /// <summary>Identifies the forward among the session's forwards.</summary>
    public string Id { get; }

    /// <summary>Where the RTP packets go.</summary>
    public IPEndPoint RtpEndPoint { get; }

    /// <summary>Where the sender reports go, if anywhere.</summary>
    public IPEndPoint? RtcpEndPoint { get; }

    /// <summary>
    /// The SRTP master key and salt (30 bytes, base64), as Janus's <c>srtpcrypto</c> takes it; null without SRTP.
    /// A secret: give it only to the receiver.
    /// </summary>
    public string? SrtpCrypto { get; }

    /// <summary>RTP packets handed to the socket.</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Opus payload bytes in those packets.</summary>
    public long OctetsSent => Interlocked.Read(ref _octetsSent);

    /// <summary>RTCP compounds (sender reports and the closing BYE) handed to the socket.</summary>
    public long ReportsSent => Interlocked.Read(ref _reportsSent);

    /// <summary>Stops sending and forgets the key.</summary>
    public void Dispose()
    {
        lock (_sendGate)
        {
            _disposed = true;
            _srtp?.Dispose();
            _srtp = null;
        }
    }

    /// <summary>Rewrites the payload type, protects and sends one RTP packet; on the pacer's thread.</summary>
    internal void SendMedia(ReadOnlySpan<byte> rtpPacket, int payloadLength)
    {
        lock (_sendGate)
        {
            // The pacer may still hold the membership it read before the forward was removed; a disposed
            // forward sends nothing, and above all nothing in clear that was meant to be protected.
            var overhead = _srtp?.RtpOverhead ?? 0;
            if (_disposed || (_protects && _srtp is null) || rtpPacket.Length + overhead > _outbound.Length)
            {
                return;
            }

            rtpPacket.CopyTo(_outbound);
            _outbound[1] = (byte)((rtpPacket[1] & 0x80) | _payloadType);
            var length = _srtp is { } srtp ? srtp.Protect(_outbound, rtpPacket.Length) : rtpPacket.Length;
            if (_transport.SendTo(_outbound.AsSpan(0, length), _rtpAddress))
            {
                Interlocked.Increment(ref _packetsSent);
                Interlocked.Add(ref _octetsSent, payloadLength);
            }
        }
    }

    /// <summary>Sends one RTCP compound in clear to the RTCP end point, if there is one.</summary>
    internal void SendRtcp(ReadOnlySpan<byte> compound)
    {
        if (_rtcpAddress is not null && !Volatile.Read(ref _disposed) && _transport.SendTo(compound, _rtcpAddress))
        {
            Interlocked.Increment(ref _reportsSent);
        }
    }
}
