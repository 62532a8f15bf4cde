using System.Security.Cryptography;
using System.Text;
using Orchestron.WebRtc.Stun;

namespace Orchestron.Testing;

/// <summary>
/// Builds connectivity checks the way a controlling browser sends them, or as whoever holds an offer's ICE password
/// can forge them from any address.
/// </summary>
public static class BindingRequests
{
    public static byte[] Create(
        string username,
        string password,
        bool useCandidate = false,
        bool withFingerprint = true,
        bool withIntegrity = true)
    {
        var buffer = new byte[512];
        var transactionId = RandomNumberGenerator.GetBytes(12);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddText(StunAttributeType.Username, username);
        writer.AddUInt64(StunAttributeType.IceControlling, 0x1122334455667788);
        writer.AddUInt32(StunAttributeType.Priority, 1853824767);
        if (useCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }

        if (withIntegrity)
        {
            writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(password));
        }

        if (withFingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer.AsSpan(0, writer.Length).ToArray();
    }
}
