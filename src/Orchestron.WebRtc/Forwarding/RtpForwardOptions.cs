using System.Net;
using System.Net.Sockets;

namespace Orchestron.WebRtc.Forwarding;

/// <summary>Where a session's encoded stream is forwarded as plain RTP, and how it is protected.</summary>
public sealed class RtpForwardOptions
{
    /// <summary>The address and port the RTP packets go to (for Janus, the mountpoint's media port).</summary>
    public required IPEndPoint RtpEndPoint { get; init; }

    /// <summary>The address and port the RTCP sender reports and the closing BYE go to; none are sent when null.</summary>
    public IPEndPoint? RtcpEndPoint { get; init; }

    /// <summary>The RTP payload type the receiver expects for Opus; 111 by default.</summary>
    public byte PayloadType { get; init; } = 111;

    /// <summary>
    /// True (the default) to protect the RTP packets with SRTP (AES_CM_128_HMAC_SHA1_80) under a fresh random
    /// master key, announced to the receiver out of band as <see cref="RtpForward.SrtpCrypto"/> (SDES style).
    /// </summary>
    public bool Srtp { get; init; } = true;

    /// <summary>
    /// The SRTP master key and salt (16 + 14 bytes) to use instead of a random one, for a receiver that must be
    /// told the key before the first packet (Janus takes it in the mountpoint's create request); with <see cref="Srtp"/> only.
    /// </summary>
    public ReadOnlyMemory<byte>? SrtpMasterKeyAndSalt { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">
    /// An end point is not IPv4 (the session's socket is) or has port 0, or the payload type is outside 0-127.
    /// </exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(RtpEndPoint);
        if (RtpEndPoint.AddressFamily != AddressFamily.InterNetwork || RtcpEndPoint?.AddressFamily is AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException("A forward's destination is an IPv4 address, like the session's socket.", nameof(RtpEndPoint));
        }

        if (RtpEndPoint.Port == 0 || RtcpEndPoint?.Port == 0)
        {
            throw new ArgumentException("A forward's destination needs a port.", nameof(RtpEndPoint));
        }

        if (SrtpMasterKeyAndSalt is { Length: not RtpForward.MasterKeyAndSaltLength })
        {
            throw new ArgumentException($"An AES_CM_128_HMAC_SHA1_80 master key and salt are {RtpForward.MasterKeyAndSaltLength} bytes.", nameof(SrtpMasterKeyAndSalt));
        }

        if (PayloadType > 127)
        {
            throw new ArgumentException($"An RTP payload type is 0-127, not {PayloadType}.", nameof(PayloadType));
        }
    }
}
