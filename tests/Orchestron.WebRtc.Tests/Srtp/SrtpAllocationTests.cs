using System.Buffers.Binary;
using Orchestron.WebRtc.Srtp;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>Steady-state protection allocates nothing.</summary>
public sealed class SrtpAllocationTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void Protect_and_unprotect_over_thousands_of_packets_allocate_nothing(SrtpProtectionProfile profile)
    {
        var salt = new byte[profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14];
        using var sender = new SrtpContext(profile, new byte[16], salt);
        using var receiver = new SrtpContext(profile, new byte[16], salt);
        var buffer = new byte[1500];

        void RunPackets(int first, int count)
        {
            for (var n = first; n < first + count; n++)
            {
                buffer[0] = 0x80;
                buffer[1] = 111;
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)n);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 42);
                var length = sender.Protect(buffer, 12 + 160);
                if (receiver.Unprotect(buffer, length, out _) != SrtpUnprotectResult.Success)
                {
                    throw new InvalidOperationException($"Packet {n} did not round-trip.");
                }

                buffer[0] = 0x80;
                buffer[1] = 200;
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 42);
                length = sender.ProtectRtcp(buffer, 52);
                if (receiver.UnprotectRtcp(buffer, length, out _) != SrtpUnprotectResult.Success)
                {
                    throw new InvalidOperationException($"RTCP packet {n} did not round-trip.");
                }
            }
        }

        RunPackets(0, 100); // first sight of the SSRC creates its stream state
        var allocations = AllocationTally.Measure(5_000, n => RunPackets(100 + n, 1));

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
    }
}
