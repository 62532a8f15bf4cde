namespace Orchestron.WebRtc.Ice;

/// <summary>RFC 7983 demultiplexing of STUN, DTLS and SRTP sharing one UDP port.</summary>
public static class DatagramClassifier
{
    /// <summary>Classifies <paramref name="datagram"/> by its first byte.</summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }

        return datagram[0] switch
        {
            <= 3 => DatagramKind.Stun,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 128 and <= 191 => DatagramKind.Rtp,
            _ => DatagramKind.Unknown,
        };
    }
}
