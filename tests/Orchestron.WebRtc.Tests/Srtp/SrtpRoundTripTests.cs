using System.Buffers.Binary;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>Protect/unprotect between two sides, tamper detection, replay protection and rollover tracking.</summary>
public sealed class SrtpRoundTripTests
{
    private const uint Ssrc = 0x1234_5678;

    public static TheoryData<SrtpProtectionProfile> Profiles => new()
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        SrtpProtectionProfile.AeadAes128Gcm,
    };

    private static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile)
    {
        var key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(100, profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14).Select(i => (byte)i).ToArray();
        return (new SrtpContext(profile, key, salt), new SrtpContext(profile, key, salt));
    }

    private static int WriteRtp(Span<byte> buffer, ushort sequence, uint timestamp, int payloadLength, byte fill)
    {
        buffer[0] = 0x80;
        buffer[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], Ssrc);
        buffer.Slice(12, payloadLength).Fill(fill);
        return 12 + payloadLength;
    }

    private static int WriteReceiverReport(Span<byte> buffer, uint ssrc, byte fill)
    {
        buffer[0] = 0x81;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 7);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        buffer.Slice(8, 24).Fill(fill);
        return 32;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void An_rtp_round_trip_across_the_sequence_wrap_tracks_the_rollover_counter(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var buffer = new byte[200];
        ushort sequence = 65_500;

        // 70 000 packets wrap the 16-bit sequence number once: the second lap must be keyed with ROC 1 on both sides.
        for (var n = 0; n < 70_000; n++, sequence++)
        {
            var length = WriteRtp(buffer, sequence, (uint)(n * 960), 60, (byte)n);
            var protectedLength = s.Protect(buffer, length);
            Assert.Equal(length + s.RtpOverhead, protectedLength);

            var result = r.Unprotect(buffer, protectedLength, out var plainLength);

            Assert.Equal(SrtpUnprotectResult.Success, result);
            Assert.Equal(length, plainLength);
            Assert.True(buffer.AsSpan(12, 60).IndexOfAnyExcept((byte)n) < 0);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_with_csrcs_and_extension_authenticates_the_whole_header_and_encrypts_only_the_payload(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packet = new byte[128];
        packet[0] = 0x80 | 0x10 | 0x01; // X=1, CC=1
        packet[1] = 111;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), 0xAABBCCDD);          // CSRC
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(16), 0xBEDE);              // one-byte extension profile
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(18), 1);                   // one word
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(20), 0x10FF0000);
        packet.AsSpan(24, 20).Fill(0x5A);
        var original = packet[..44];

        var protectedLength = s.Protect(packet, 44);
        Assert.Equal(original[..24], packet[..24]);
        Assert.NotEqual(original[24..44], packet[24..44]);

        var tampered = (byte[])packet.Clone();
        tampered[21] ^= 1;
        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, r.Unprotect(tampered, protectedLength, out _));

        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(packet, protectedLength, out var plainLength));
        Assert.Equal(original, packet[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotecting_rejects_every_flipped_bit(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packet = new byte[128];
        var protectedLength = s.Protect(packet, WriteRtp(packet, 7, 960, 40, 0x33));
        var rtcp = new byte[128];
        var protectedRtcpLength = s.ProtectRtcp(rtcp, WriteReceiverReport(rtcp, Ssrc, 0x44));

        for (var bit = 0; bit < protectedLength * 8; bit++)
        {
            var copy = (byte[])packet.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            var result = r.Unprotect(copy, protectedLength, out _);
            Assert.NotEqual(SrtpUnprotectResult.Success, result);
        }

        for (var bit = 0; bit < protectedRtcpLength * 8; bit++)
        {
            var copy = (byte[])rtcp.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(SrtpUnprotectResult.Success, r.UnprotectRtcp(copy, protectedRtcpLength, out _));
        }

        // The untouched packets still pass: the failures above left no state behind.
        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(packet, protectedLength, out _));
        Assert.Equal(SrtpUnprotectResult.Success, r.UnprotectRtcp(rtcp, protectedRtcpLength, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotecting_rejects_replays_and_packets_older_than_the_window_and_accepts_reordering(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var packets = new byte[100][];
        var lengths = new int[100];
        for (var n = 0; n < 100; n++)
        {
            packets[n] = new byte[128];
            lengths[n] = s.Protect(packets[n], WriteRtp(packets[n], (ushort)(1000 + n), 0, 20, (byte)n));
        }

        byte[] Copy(int n) => (byte[])packets[n].Clone();

        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(Copy(10), lengths[10], out _));
        Assert.Equal(SrtpUnprotectResult.Replayed, r.Unprotect(Copy(10), lengths[10], out _));
        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(Copy(12), lengths[12], out _));
        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(Copy(11), lengths[11], out _)); // late but inside the window
        Assert.Equal(SrtpUnprotectResult.Replayed, r.Unprotect(Copy(11), lengths[11], out _));
        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(Copy(99), lengths[99], out _));
        Assert.Equal(SrtpUnprotectResult.Success, r.Unprotect(Copy(36), lengths[36], out _)); // 63 behind: last slot
        Assert.Equal(SrtpUnprotectResult.Replayed, r.Unprotect(Copy(35), lengths[35], out _)); // 64 behind: too old
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotecting_rtcp_rejects_replays(SrtpProtectionProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using var s = sender;
        using var r = receiver;
        var first = new byte[128];
        var firstLength = s.ProtectRtcp(first, WriteReceiverReport(first, 0xABCD, 1));
        var second = new byte[128];
        var secondLength = s.ProtectRtcp(second, WriteReceiverReport(second, 0xABCD, 2));
        var replay = (byte[])second.Clone();

        Assert.Equal(SrtpUnprotectResult.Success, r.UnprotectRtcp(second, secondLength, out var plainLength));
        Assert.Equal(32, plainLength);
        Assert.Equal(2, second[20]);
        Assert.Equal(SrtpUnprotectResult.Success, r.UnprotectRtcp(first, firstLength, out _));
        Assert.Equal(SrtpUnprotectResult.Replayed, r.UnprotectRtcp(replay, secondLength, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotecting_with_the_wrong_key_fails_authentication(SrtpProtectionProfile profile)
    {
        var (sender, _) = Pair(profile);
        using var s = sender;
        var otherKey = new byte[16];
        otherKey[0] = 1;
        using var stranger = new SrtpContext(profile, otherKey, new byte[profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14]);
        var packet = new byte[128];
        var length = s.Protect(packet, WriteRtp(packet, 1, 0, 30, 9));

        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, stranger.Unprotect(packet, length, out var plainLength));
        Assert.Equal(0, plainLength);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Unprotecting_refuses_new_ssrcs_beyond_the_limit(SrtpProtectionProfile profile)
    {
        var key = new byte[16];
        var salt = new byte[profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14];
        using var sender = new SrtpContext(profile, key, salt, maxStreams: 8);
        using var receiver = new SrtpContext(profile, key, salt, maxStreams: 2);
        var buffer = new byte[128];

        for (uint ssrc = 1; ssrc <= 3; ssrc++)
        {
            var length = WriteReceiverReport(buffer, ssrc, 0);
            length = sender.ProtectRtcp(buffer, length);
            var expected = ssrc <= 2 ? SrtpUnprotectResult.Success : SrtpUnprotectResult.StreamLimitReached;
            Assert.Equal(expected, receiver.UnprotectRtcp(buffer, length, out _));
        }
    }

    [Fact]
    public void A_session_from_dtls_keying_material_pairs_client_write_with_server_read()
    {
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        var material = Enumerable.Range(0, SrtpSession.GetKeyingMaterialLength(profile)).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(56, material.Length);
        using var client = SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: true);
        using var server = SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: false);
        var buffer = new byte[128];

        var length = server.Protect(buffer, WriteRtp(buffer, 5, 0, 10, 1));
        Assert.Equal(SrtpUnprotectResult.Success, client.Unprotect(buffer, length, out _));

        length = client.ProtectRtcp(buffer, WriteReceiverReport(buffer, 77, 3));
        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, client.UnprotectRtcp((byte[])buffer.Clone(), length, out _));
        Assert.Equal(SrtpUnprotectResult.Success, server.UnprotectRtcp(buffer, length, out _));
    }
}
