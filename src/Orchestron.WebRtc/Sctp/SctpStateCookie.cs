using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Sctp;

/// <summary>
/// The state cookie of an INIT-ACK (RFC 4960 section 5.1.3): what the association needs from the INIT, signed with
/// HMAC-SHA256 under a key of this association's own, so that an INIT leaves no state behind until its cookie
/// comes back intact and in time.
/// </summary>
internal static class SctpStateCookie
{
    internal const int Length = BodyLength + MacLength;
    private const int BodyLength = 32;
    private const int MacLength = 32;
    private const byte Version = 1;

    internal static void Write(Span<byte> cookie, ReadOnlySpan<byte> key, in SctpInitChunk peerInit, uint localTag, uint localInitialTsn, long nowMs)
    {
        cookie[0] = Version;
        cookie[1] = (byte)((peerInit.ForwardTsn ? 1 : 0) | (peerInit.Reconfig ? 2 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(cookie[2..], peerInit.OutboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(cookie[4..], localTag);
        BinaryPrimitives.WriteUInt32BigEndian(cookie[8..], localInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(cookie[12..], peerInit.InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(cookie[16..], peerInit.InitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(cookie[20..], peerInit.AdvertisedReceiverWindow);
        BinaryPrimitives.WriteInt64BigEndian(cookie[24..], nowMs);
        HMACSHA256.HashData(key, cookie[..BodyLength], cookie[BodyLength..Length]);
    }

    /// <summary>Checks the signature and age; on success returns the peer's INIT and our tag and initial TSN.</summary>
    internal static bool TryRead(
        ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> key, long nowMs, long lifetimeMs,
        out SctpInitChunk peerInit, out uint localTag, out uint localInitialTsn)
    {
        peerInit = default;
        localTag = 0;
        localInitialTsn = 0;
        if (cookie.Length != Length || cookie[0] != Version)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, cookie[..BodyLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, cookie[BodyLength..]))
        {
            return false;
        }

        var issued = BinaryPrimitives.ReadInt64BigEndian(cookie[24..]);
        if (nowMs - issued > lifetimeMs || issued > nowMs)
        {
            return false;
        }

        localTag = BinaryPrimitives.ReadUInt32BigEndian(cookie[4..]);
        localInitialTsn = BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]);
        peerInit = new SctpInitChunk
        {
            ForwardTsn = (cookie[1] & 1) != 0,
            Reconfig = (cookie[1] & 2) != 0,
            OutboundStreams = BinaryPrimitives.ReadUInt16BigEndian(cookie[2..]),
            InitiateTag = BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]),
            InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]),
            AdvertisedReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(cookie[20..]),
            InboundStreams = ushort.MaxValue,
        };
        return true;
    }
}
