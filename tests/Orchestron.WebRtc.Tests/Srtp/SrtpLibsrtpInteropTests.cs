using System.Buffers.Binary;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>
/// Our SRTP against libsrtp in both directions, over a sequence-number wrap (so the rollover counter is
/// exercised) and many SRTCP packets.
/// </summary>
public sealed class SrtpLibsrtpInteropTests
{
    private const int RtpPackets = 70_000;
    private const int RtcpPackets = 300;

    public static TheoryData<SrtpProtectionProfile> Profiles => new()
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        SrtpProtectionProfile.AeadAes128Gcm,
    };

    private static byte[] MasterKeyAndSalt(SrtpProtectionProfile profile) =>
        Enumerable.Range(0, profile == SrtpProtectionProfile.AeadAes128Gcm ? 28 : 30).Select(i => (byte)((i * 37) + 5)).ToArray();

    private static SrtpContext Context(SrtpProtectionProfile profile)
    {
        var material = MasterKeyAndSalt(profile);
        return new SrtpContext(profile, material.AsSpan(0, 16), material.AsSpan(16));
    }

    private static List<byte[]> RtpStream()
    {
        var packets = new List<byte[]>(RtpPackets);
        for (var n = 0; n < RtpPackets; n++)
        {
            var packet = new byte[12 + 20 + (n % 80)];
            packet[0] = 0x80;
            packet[1] = (byte)(111 | (n == 0 ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), unchecked((ushort)(64_000 + n)));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), unchecked((uint)(n * 960)));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5EED5EED);
            for (var i = 12; i < packet.Length; i++)
            {
                packet[i] = (byte)(n + i);
            }

            packets.Add(packet);
        }

        return packets;
    }

    private static List<byte[]> RtcpStream()
    {
        var packets = new List<byte[]>(RtcpPackets);
        for (var n = 0; n < RtcpPackets; n++)
        {
            var packet = new byte[32];
            packet[0] = 0x81;
            packet[1] = 201;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x0A0B0C0D);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5EED5EED);
            BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(12), n);
            packets.Add(packet);
        }

        return packets;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Libsrtp_unprotects_what_we_protect(SrtpProtectionProfile profile)
    {
        using var sender = Context(profile);
        var rtp = RtpStream();
        var rtcp = RtcpStream();

        var protectedRtp = rtp.Select(packet => Protect(packet, sender.RtpOverhead, sender.Protect)).ToList();
        var protectedRtcp = rtcp.Select(packet => Protect(packet, sender.RtcpOverhead, sender.ProtectRtcp)).ToList();

        var rtpBack = LibsrtpPeer.Run("unprotect", (int)profile, MasterKeyAndSalt(profile), "rtp", protectedRtp);
        var rtcpBack = LibsrtpPeer.Run("unprotect", (int)profile, MasterKeyAndSalt(profile), "rtcp", protectedRtcp);

        Assert.Equal(rtp.Count, rtpBack.Count);
        for (var n = 0; n < rtp.Count; n++)
        {
            Assert.True(rtp[n].AsSpan().SequenceEqual(rtpBack[n]), $"libsrtp did not recover RTP packet {n}.");
        }

        Assert.Equal(rtcp, rtcpBack);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void We_unprotect_what_libsrtp_protects(SrtpProtectionProfile profile)
    {
        using var receiver = Context(profile);
        var rtp = RtpStream();
        var rtcp = RtcpStream();

        var protectedRtp = LibsrtpPeer.Run("protect", (int)profile, MasterKeyAndSalt(profile), "rtp", rtp);
        var protectedRtcp = LibsrtpPeer.Run("protect", (int)profile, MasterKeyAndSalt(profile), "rtcp", rtcp);

        for (var n = 0; n < rtp.Count; n++)
        {
            var buffer = protectedRtp[n];
            Assert.Equal(SrtpUnprotectResult.Success, receiver.Unprotect(buffer, buffer.Length, out var length));
            Assert.True(rtp[n].AsSpan().SequenceEqual(buffer.AsSpan(0, length)), $"RTP packet {n} differs after unprotect.");
        }

        for (var n = 0; n < rtcp.Count; n++)
        {
            var buffer = protectedRtcp[n];
            Assert.Equal(SrtpUnprotectResult.Success, receiver.UnprotectRtcp(buffer, buffer.Length, out var length));
            Assert.Equal(rtcp[n], buffer[..length]);
        }
    }

    private delegate int ProtectMethod(Span<byte> buffer, int length);

    private static byte[] Protect(byte[] packet, int overhead, ProtectMethod protect)
    {
        var buffer = new byte[packet.Length + overhead];
        packet.CopyTo(buffer, 0);
        var length = protect(buffer, packet.Length);
        return buffer[..length];
    }
}
