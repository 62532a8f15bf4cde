using System.Buffers.Binary;

namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// One direction of SRTP and SRTCP (one master key and salt): protects packets in place for sending, or
/// unprotects received packets in place with replay protection, tracking each SSRC's rollover counter.
/// </summary>
/// <remarks>
/// In DTLS-SRTP each side keys its sending context with its own write key and its receiving context with the
/// peer's; <see cref="SrtpSession"/> pairs the two. Calls are serialised internally, so sending RTP and
/// SRTCP from different threads is safe; none of the packet methods allocates once a stream has been seen.
/// </remarks>
public sealed class SrtpContext : IDisposable
{
    /// <summary>The default bound on how many SSRCs one context tracks.</summary>
    public const int DefaultMaxStreams = 16;

    private const int RtpFixedHeaderLength = 12;
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x8000_0000;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    private readonly SrtpTransform _transform;
    private readonly SrtpStreamTable _streams;
    private readonly SrtpProfileParameters _sizes;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Creates a context from a master key and master salt, deriving its session keys (RFC 3711 section 4.3).</summary>
    /// <param name="profile">The protection profile, e.g. the one DTLS negotiated.</param>
    /// <param name="masterKey">16 bytes for both profiles.</param>
    /// <param name="masterSalt">14 bytes for <see cref="SrtpProtectionProfile.Aes128CmHmacSha1_80"/>, 12 for <see cref="SrtpProtectionProfile.AeadAes128Gcm"/>.</param>
    /// <param name="maxStreams">How many distinct SSRCs (1 to 1024) this context accepts; further ones are refused.</param>
    public SrtpContext(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxStreams = DefaultMaxStreams)
        : this(DeriveValidated(profile, masterKey, masterSalt), maxStreams)
    {
    }

    internal SrtpContext(SrtpSessionKeys sessionKeys, int maxStreams = DefaultMaxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxStreams, 1024);
        Profile = sessionKeys.Profile;
        _sizes = SrtpProfileParameters.For(Profile);
        _transform = SrtpTransform.Create(sessionKeys);
        _streams = new SrtpStreamTable(maxStreams);
    }

    /// <summary>The protection profile of this context.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>How many bytes <see cref="Protect"/> appends to an RTP packet.</summary>
    public int RtpOverhead => _sizes.RtpOverhead;

    /// <summary>How many bytes <see cref="ProtectRtcp"/> appends to an RTCP packet.</summary>
    public int RtcpOverhead => _sizes.RtcpOverhead;

    /// <summary>Returns how many bytes protecting adds to an RTP packet under <paramref name="profile"/>.</summary>
    public static int GetRtpOverhead(SrtpProtectionProfile profile) => SrtpProfileParameters.For(profile).RtpOverhead;

    /// <summary>Returns how many bytes protecting adds to an RTCP packet under <paramref name="profile"/>.</summary>
    public static int GetRtcpOverhead(SrtpProtectionProfile profile) => SrtpProfileParameters.For(profile).RtcpOverhead;

    /// <summary>Encrypts and authenticates the RTP packet in <c>packetBuffer[..length]</c> in place.</summary>
    /// <param name="packetBuffer">Holds the RTP packet and has room for <see cref="RtpOverhead"/> more bytes after it.</param>
    /// <param name="length">The RTP packet's length.</param>
    /// <returns>The SRTP packet's length.</returns>
    /// <exception cref="ArgumentException">The packet is not a well-formed RTP packet or the buffer is too small.</exception>
    public int Protect(Span<byte> packetBuffer, int length)
    {
        var headerLength = RtpHeaderLength(packetBuffer, length);
        if (headerLength < 0)
        {
            throw new ArgumentException($"Not a well-formed RTP packet of {length} bytes (version 2, header within the packet).", nameof(packetBuffer));
        }

        EnsureRoom(packetBuffer, length, RtpOverhead);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packetBuffer[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packetBuffer[2..]);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = FindOrAddForSending(ssrc);
            ulong index = sequence;
            if (stream.SentRtp.HasStarted && !TryEstimateIndex(stream.SentRtp.Highest, sequence, out index))
            {
                throw new InvalidOperationException($"The SRTP rollover counter of SSRC {ssrc:X8} is exhausted; the session must be rekeyed.");
            }

            stream.SentRtp.Accept(index);
            return _transform.ProtectRtp(packetBuffer, length, headerLength, ssrc, index);
        }
    }

    /// <summary>Encrypts and authenticates the (compound) RTCP packet in <c>packetBuffer[..length]</c> in place.</summary>
    /// <param name="packetBuffer">Holds the RTCP packet and has room for <see cref="RtcpOverhead"/> more bytes after it.</param>
    /// <param name="length">The RTCP packet's length.</param>
    /// <returns>The SRTCP packet's length.</returns>
    /// <exception cref="ArgumentException">The packet is not a well-formed RTCP packet or the buffer is too small.</exception>
    public int ProtectRtcp(Span<byte> packetBuffer, int length)
    {
        if (!IsRtcpHeader(packetBuffer, length))
        {
            throw new ArgumentException($"Not a well-formed RTCP packet of {length} bytes (version 2, at least {RtcpHeaderLength} bytes).", nameof(packetBuffer));
        }

        EnsureRoom(packetBuffer, length, RtcpOverhead);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packetBuffer[4..]);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = FindOrAddForSending(ssrc);
            var index = stream.NextSrtcpIndex;
            if (index > MaxSrtcpIndex)
            {
                throw new InvalidOperationException($"The SRTCP index of SSRC {ssrc:X8} is exhausted; the session must be rekeyed.");
            }

            stream.NextSrtcpIndex = index + 1;
            return _transform.ProtectRtcp(packetBuffer, length, ssrc, index);
        }
    }

    /// <summary>Authenticates, replay-checks and decrypts the SRTP packet in <c>packetBuffer[..length]</c> in place.</summary>
    /// <param name="packetBuffer">The received packet; holds the RTP packet afterwards when the result is <see cref="SrtpUnprotectResult.Success"/>.</param>
    /// <param name="length">The received packet's length.</param>
    /// <param name="plainLength">The RTP packet's length on success, otherwise 0.</param>
    /// <returns>Why the packet was refused, or <see cref="SrtpUnprotectResult.Success"/>. Never throws for bad packets.</returns>
    public SrtpUnprotectResult Unprotect(Span<byte> packetBuffer, int length, out int plainLength)
    {
        plainLength = 0;
        var headerLength = RtpHeaderLength(packetBuffer, length);
        if (headerLength < 0 || length - headerLength < RtpOverhead)
        {
            return SrtpUnprotectResult.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packetBuffer[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packetBuffer[2..]);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = _streams.Find(ssrc);
            if (stream is null && _streams.IsFull)
            {
                return SrtpUnprotectResult.StreamLimitReached;
            }

            ulong index = sequence;
            if (stream is not null && stream.ReceivedRtp.HasStarted)
            {
                if (!TryEstimateIndex(stream.ReceivedRtp.Highest, sequence, out index) || !stream.ReceivedRtp.IsFresh(index))
                {
                    return SrtpUnprotectResult.Replayed;
                }
            }

            if (!_transform.UnprotectRtp(packetBuffer, length, headerLength, ssrc, index, out plainLength))
            {
                return SrtpUnprotectResult.AuthenticationFailed;
            }

            // Only an authenticated packet may create state or move the window, or forgeries could shift it.
            stream ??= _streams.Add(ssrc);
            stream.ReceivedRtp.Accept(index);
            return SrtpUnprotectResult.Success;
        }
    }

    /// <summary>Authenticates, replay-checks and decrypts the SRTCP packet in <c>packetBuffer[..length]</c> in place.</summary>
    /// <param name="packetBuffer">The received packet; holds the (compound) RTCP packet afterwards on success.</param>
    /// <param name="length">The received packet's length.</param>
    /// <param name="plainLength">The RTCP packet's length on success, otherwise 0.</param>
    /// <returns>Why the packet was refused, or <see cref="SrtpUnprotectResult.Success"/>. Never throws for bad packets.</returns>
    public SrtpUnprotectResult UnprotectRtcp(Span<byte> packetBuffer, int length, out int plainLength)
    {
        plainLength = 0;
        if (!IsRtcpHeader(packetBuffer, length) || length < RtcpHeaderLength + RtcpOverhead)
        {
            return SrtpUnprotectResult.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packetBuffer[4..]);
        var indexOffset = length - _transform.SrtcpBytesAfterIndex - SrtpProfileParameters.SrtcpIndexLength;
        var indexWord = BinaryPrimitives.ReadUInt32BigEndian(packetBuffer[indexOffset..]);
        var encrypted = (indexWord & EncryptedFlag) != 0;
        var index = indexWord & MaxSrtcpIndex;

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = _streams.Find(ssrc);
            if (stream is null && _streams.IsFull)
            {
                return SrtpUnprotectResult.StreamLimitReached;
            }

            if (stream is not null && !stream.ReceivedRtcp.IsFresh(index))
            {
                return SrtpUnprotectResult.Replayed;
            }

            if (!_transform.UnprotectRtcp(packetBuffer, length, ssrc, index, encrypted, out plainLength))
            {
                return SrtpUnprotectResult.AuthenticationFailed;
            }

            stream ??= _streams.Add(ssrc);
            stream.ReceivedRtcp.Accept(index);
            return SrtpUnprotectResult.Success;
        }
    }

    /// <summary>Sets the SRTCP index the next RTCP packet of <paramref name="ssrc"/> is sent with (for known-answer tests).</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint index)
    {
        lock (_gate)
        {
            FindOrAddForSending(ssrc).NextSrtcpIndex = index;
        }
    }

    /// <summary>Releases the ciphers and wipes the session keys.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _transform.Dispose();
        }
    }

    /// <summary>
    /// The RTP header's length (fixed part, CSRCs and extension), or -1 when it is not a version 2 header that
    /// fits in <paramref name="length"/> bytes.
    /// </summary>
    internal static int RtpHeaderLength(ReadOnlySpan<byte> buffer, int length)
    {
        if (length < RtpFixedHeaderLength || length > buffer.Length || buffer[0] >> 6 != 2)
        {
            return -1;
        }

        var headerLength = RtpFixedHeaderLength + (4 * (buffer[0] & 0x0F));
        if ((buffer[0] & 0x10) != 0)
        {
            if (headerLength + 4 > length)
            {
                return -1;
            }

            headerLength += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(buffer[(headerLength + 2)..]));
        }

        return headerLength <= length ? headerLength : -1;
    }

    /// <summary>
    /// Works out the 48-bit packet index of <paramref name="sequence"/> from the highest index seen
    /// (RFC 3711 Appendix A); false when it would fall before index 0 or past the last rollover count.
    /// </summary>
    internal static bool TryEstimateIndex(ulong highestIndex, ushort sequence, out ulong index)
    {
        long rolloverCounter = (long)(highestIndex >> 16);
        var highestSequence = (int)(highestIndex & 0xFFFF);
        var guess = rolloverCounter;
        if (highestSequence < 0x8000)
        {
            if (sequence - highestSequence > 0x8000)
            {
                guess = rolloverCounter - 1;
            }
        }
        else if (highestSequence - 0x8000 > sequence)
        {
            guess = rolloverCounter + 1;
        }

        if (guess < 0 || guess > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequence;
        return true;
    }

    private static bool IsRtcpHeader(ReadOnlySpan<byte> buffer, int length) =>
        length >= RtcpHeaderLength && length <= buffer.Length && buffer[0] >> 6 == 2;

    private static void EnsureRoom(Span<byte> buffer, int length, int overhead)
    {
        if (buffer.Length < length + overhead)
        {
            throw new ArgumentException(
                $"The packet buffer holds {buffer.Length} bytes but protecting a {length}-byte packet needs {length + overhead}.",
                nameof(buffer));
        }
    }

    private SrtpStream FindOrAddForSending(uint ssrc)
    {
        var stream = _streams.Find(ssrc);
        if (stream is not null)
        {
            return stream;
        }

        if (_streams.IsFull)
        {
            throw new InvalidOperationException($"This SRTP context already tracks its maximum number of SSRCs; SSRC {ssrc:X8} is one too many.");
        }

        return _streams.Add(ssrc);
    }

    private static SrtpSessionKeys DeriveValidated(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var sizes = SrtpProfileParameters.For(profile);
        if (masterKey.Length != sizes.MasterKeyLength)
        {
            throw new ArgumentException($"The {profile} master key must be {sizes.MasterKeyLength} bytes, not {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != sizes.MasterSaltLength)
        {
            throw new ArgumentException($"The {profile} master salt must be {sizes.MasterSaltLength} bytes, not {masterSalt.Length}.", nameof(masterSalt));
        }

        return SrtpKeyDerivation.DeriveSessionKeys(profile, masterKey, masterSalt);
    }
}
