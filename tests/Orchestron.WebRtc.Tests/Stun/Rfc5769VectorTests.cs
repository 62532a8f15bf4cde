using System.Net;
using System.Text;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Tests.Stun;

/// <summary>The sample messages of RFC 5769 sections 2.1 to 2.3, read and rewritten byte for byte.</summary>
public sealed class Rfc5769VectorTests
{
    internal static readonly byte[] Password = Encoding.ASCII.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    internal static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff"
        + "80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249"
        + "c1b571a280280004e57a3bcf");

    private static readonly byte[] SampleIPv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643"
        + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");

    private static readonly byte[] SampleIPv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9fa"
        + "a5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c");

    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void Sample_request_parses_and_its_integrity_and_fingerprint_verify()
    {
        Assert.True(StunMessageReader.TryParse(SampleRequest, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.MessageType);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetUInt32(StunAttributeType.Priority, out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetUInt64(StunAttributeType.IceControlled, out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Password));
    }

    [Fact]
    public void Sample_ipv4_response_decodes_xor_mapped_address()
    {
        Assert.True(StunMessageReader.TryParse(SampleIPv4Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.MessageType);
        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Password));
    }

    [Fact]
    public void Sample_ipv6_response_decodes_xor_mapped_address()
    {
        Assert.True(StunMessageReader.TryParse(SampleIPv6Response, out var message));

        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endPoint);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Password));
    }

    [Fact]
    public void Writer_reproduces_the_sample_request_byte_for_byte()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId) { PaddingByte = 0x20 };
        writer.AddText(StunAttributeType.Software, "STUN test client");
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36);
        writer.AddText(StunAttributeType.Username, "evtj:h6vY");
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();

        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(writer.WrittenSpan));
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv4_response_byte_for_byte()
    {
        Assert.Equal(SampleIPv4Response, WriteResponse(IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv6_response_byte_for_byte()
    {
        Assert.Equal(SampleIPv6Response, WriteResponse(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677")));
    }

    [Fact]
    public void Wrong_password_fails_integrity()
    {
        Assert.True(StunMessageReader.TryParse(SampleRequest, out var message));
        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8));
    }

    [Fact]
    public void Any_flipped_byte_fails_fingerprint_or_parse()
    {
        for (var i = 0; i < SampleRequest.Length; i++)
        {
            var copy = (byte[])SampleRequest.Clone();
            copy[i] ^= 0x01;
            var parsed = StunMessageReader.TryParse(copy, out var message);
            Assert.False(parsed && message.VerifyFingerprint(), $"flipping byte {i} went unnoticed");
        }
    }

    private static byte[] WriteResponse(IPAddress address)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId) { PaddingByte = 0x20 };
        writer.AddText(StunAttributeType.Software, "test vector");
        writer.AddXorMappedAddress(address, 32853);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        return writer.WrittenSpan.ToArray();
    }
}
