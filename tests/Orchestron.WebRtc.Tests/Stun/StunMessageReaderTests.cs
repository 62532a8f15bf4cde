using System.Buffers.Binary;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Tests.Stun;

public sealed class StunMessageReaderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Rejects_a_message_shorter_than_the_header()
    {
        Assert.False(StunMessageReader.TryParse(Rfc5769VectorTests.SampleRequest.AsSpan(0, 19), out _));
    }

    [Fact]
    public void Rejects_a_wrong_magic_cookie()
    {
        var copy = (byte[])Rfc5769VectorTests.SampleRequest.Clone();
        copy[4] = 0x22;
        Assert.False(StunMessageReader.TryParse(copy, out _));
    }

    [Fact]
    public void Rejects_a_length_field_that_disagrees_with_the_datagram()
    {
        var copy = (byte[])Rfc5769VectorTests.SampleRequest.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)(copy.Length - 20 + 4));
        Assert.False(StunMessageReader.TryParse(copy, out _));
    }

    [Fact]
    public void Rejects_an_attribute_running_past_the_end()
    {
        var buffer = new byte[28];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddUInt32(StunAttributeType.Priority, 1);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(22), 8);
        Assert.False(StunMessageReader.TryParse(buffer, out _));
    }

    [Fact]
    public void Rejects_an_attribute_after_fingerprint()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddFingerprint();
        writer.AddUInt32(StunAttributeType.Priority, 1);
        Assert.False(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out _));
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddMessageIntegrity("key"u8);
        writer.AddUInt32(StunAttributeType.Priority, 7);
        writer.AddFingerprint();

        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out var message));
        Assert.False(message.HasAttribute(StunAttributeType.Priority));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Error_code_round_trips()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, new byte[12]);
        writer.AddErrorCode(487, "Role Conflict");

        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out var message));
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", System.Text.Encoding.UTF8.GetString(reason));
    }

    [Fact]
    public void Writer_refuses_a_buffer_too_small_with_a_message_naming_the_attribute()
    {
        var buffer = new byte[28];
        var exception = Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
            writer.AddFingerprint();
            writer.AddUInt32(StunAttributeType.Priority, 1);
        });
        Assert.Contains("Priority", exception.Message, StringComparison.Ordinal);
    }
}
