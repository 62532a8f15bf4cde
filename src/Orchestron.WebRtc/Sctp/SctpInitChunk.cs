using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>The fixed fields and the extensions of an INIT or INIT-ACK chunk (RFC 4960 section 3.3.2).</summary>
internal readonly struct SctpInitChunk
{
    internal const int FixedLength = 16;

    internal uint InitiateTag { get; init; }

    internal uint AdvertisedReceiverWindow { get; init; }

    internal ushort OutboundStreams { get; init; }

    internal ushort InboundStreams { get; init; }

    internal uint InitialTsn { get; init; }

    /// <summary>Whether the peer can take FORWARD-TSN (RFC 3758), needed for unreliable channels.</summary>
    internal bool ForwardTsn { get; init; }

    /// <summary>Whether the peer can take RE-CONFIG (RFC 6525), with which data channels close.</summary>
    internal bool Reconfig { get; init; }

    /// <summary>Parses the value of an INIT or INIT-ACK; false when it breaks RFC 4960's rules.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> value, out SctpInitChunk init, out ReadOnlySpan<byte> parameters)
    {
        init = default;
        parameters = default;
        if (value.Length < FixedLength)
        {
            return false;
        }

        parameters = value[FixedLength..];
        if (!SctpParameter.IsWellFormed(parameters))
        {
            return false;
        }

        var forwardTsn = SctpParameter.TryFind(parameters, SctpParameter.ForwardTsnSupported, out _);
        var reconfig = false;
        if (SctpParameter.TryFind(parameters, SctpParameter.SupportedExtensions, out var extensions))
        {
            forwardTsn |= extensions.Contains((byte)SctpChunkType.ForwardTsn);
            reconfig = extensions.Contains((byte)SctpChunkType.Reconfig);
        }

        init = new SctpInitChunk
        {
            InitiateTag = BinaryPrimitives.ReadUInt32BigEndian(value),
            AdvertisedReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            OutboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[8..]),
            InboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[10..]),
            InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]),
            ForwardTsn = forwardTsn,
            Reconfig = reconfig,
        };

        // A zero tag or zero stream counts are protocol violations (section 3.3.2).
        return init.InitiateTag != 0 && init.OutboundStreams != 0 && init.InboundStreams != 0;
    }

    /// <summary>The value length <see cref="Write"/> needs, with a cookie of <paramref name="cookieLength"/> bytes or none.</summary>
    internal static int ValueLength(int cookieLength) =>
        FixedLength + SctpParameter.PaddedLength(2) + SctpParameter.PaddedLength(0)
        + (cookieLength > 0 ? SctpParameter.PaddedLength(cookieLength) : 0);

    /// <summary>Writes the fixed fields, the extensions we support, and the cookie when given.</summary>
    internal void Write(Span<byte> value, ReadOnlySpan<byte> cookie)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(value[8..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(value[10..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(value[12..], InitialTsn);
        var offset = FixedLength;
        ReadOnlySpan<byte> extensions = [(byte)SctpChunkType.ForwardTsn, (byte)SctpChunkType.Reconfig];
        offset += SctpParameter.Write(value[offset..], SctpParameter.SupportedExtensions, extensions);
        offset += SctpParameter.Write(value[offset..], SctpParameter.ForwardTsnSupported, []);
        if (!cookie.IsEmpty)
        {
            SctpParameter.Write(value[offset..], SctpParameter.StateCookie, cookie);
        }
    }
}
