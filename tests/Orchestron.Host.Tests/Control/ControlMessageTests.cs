using Orchestron.Host.Control;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Tests.Control;

/// <summary>The control format's parser: every kind read as written, every broken message refused, random bytes never thrown on.</summary>
public sealed class ControlMessageTests
{
    [Fact]
    public void A_note_on_reads_as_the_midi_note_on_with_its_channel_and_delay()
    {
        Assert.True(ControlMessage.TryParse(ControlBytes.NoteOn(7, 60, 100, channel: 3, delayMs: 1500), out var message, out _, out var tag));
        Assert.Equal(ControlMessageKind.NoteOn, message.Kind);
        Assert.Equal(7, tag);
        Assert.Equal(7, message.Tag);
        Assert.Equal(new ControlMessage.MidiBytes(0x93, 60, 100, 3), message.Midi);
        Assert.Equal(1500, message.DelayMs);
    }

    [Fact]
    public void A_note_off_without_a_delay_has_none()
    {
        Assert.True(ControlMessage.TryParse(ControlBytes.NoteOff(1, 64), out var message, out _, out _));
        Assert.Equal(new ControlMessage.MidiBytes(0x80, 64, 0, 3), message.Midi);
        Assert.Equal(0, message.DelayMs);
    }

    [Fact]
    public void A_midi_message_carries_two_or_three_bytes_after_its_delay()
    {
        Assert.True(ControlMessage.TryParse(ControlBytes.Midi(2, 250, 0xE0, 0x00, 0x40), out var bend, out _, out _));
        Assert.Equal(new ControlMessage.MidiBytes(0xE0, 0x00, 0x40, 3), bend.Midi);
        Assert.Equal(250, bend.DelayMs);
        Assert.True(ControlMessage.TryParse(ControlBytes.Midi(3, 0, 0xC1, 5), out var program, out _, out _));
        Assert.Equal(new ControlMessage.MidiBytes(0xC1, 5, 0, 2), program.Midi);
    }

    [Fact]
    public void A_channel_value_a_panic_and_a_ping_read_back()
    {
        Assert.True(ControlMessage.TryParse(ControlBytes.Channel(4, "cutoff", 2400.5), out var channel, out _, out _));
        Assert.Equal(2400.5, channel.ChannelValue);
        Assert.Equal("cutoff"u8.ToArray(), channel.ChannelName.ToArray());
        Assert.True(ControlMessage.TryParse(ControlBytes.Panic(5), out var panic, out _, out _));
        Assert.Equal(ControlMessageKind.Panic, panic.Kind);
        Assert.True(ControlMessage.TryParse(ControlBytes.Ping(6, 0x0102030405060708), out var ping, out _, out _));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, ping.PingPayload.ToArray());
    }

    public static TheoryData<string, byte[], ControlError> Broken => new()
    {
        { "empty", [], ControlError.Malformed },
        { "shorter than the header", [1, 1, 0], ControlError.Malformed },
        { "version 2", [2, 5, 0, 1], ControlError.UnsupportedVersion },
        { "version 0", [0, 5, 0, 1], ControlError.UnsupportedVersion },
        { "unknown kind", [1, 0x42, 0, 1], ControlError.Malformed },
        { "a pong sent to the host", [1, 0x86, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], ControlError.Malformed },
        { "note on with velocity 0", ControlBytes.NoteOn(1, 60, 0), ControlError.Malformed },
        { "note on on channel 16", ControlBytes.NoteOn(1, 60, 100, channel: 16), ControlError.Malformed },
        { "note 128", ControlBytes.NoteOn(1, 128), ControlError.Malformed },
        { "note with half a delay", [.. ControlBytes.NoteOn(1, 60), 0], ControlError.Malformed },
        { "midi with one byte", ControlBytes.Midi(1, 0, 0x90), ControlError.Malformed },
        { "midi with four bytes", ControlBytes.Midi(1, 0, 0x90, 1, 2, 3), ControlError.Malformed },
        { "channel without a name", ControlBytes.Channel(1, "", 1), ControlError.Malformed },
        { "channel name of 65 bytes", ControlBytes.Channel(1, new string('a', 65), 1), ControlError.Malformed },
        { "panic with a body", [.. ControlBytes.Panic(1), 0], ControlError.Malformed },
        { "ping of 4 bytes", [1, 6, 0, 1, 1, 2, 3, 4], ControlError.Malformed },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_message_is_refused_with_its_reason(string what, byte[] bytes, ControlError expected)
    {
        Assert.False(ControlMessage.TryParse(bytes, out _, out var error, out _), what);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Random_bytes_are_read_or_refused_and_never_thrown_on()
    {
        var random = new Random(19);
        var parsed = 0;
        for (var i = 0; i < 200_000; i++)
        {
            // Mostly version 1 with a real kind, so the fuzz reaches past the header.
            var bytes = new byte[random.Next(0, ControlMessageFormat.MaxMessageLength + 8)];
            random.NextBytes(bytes);
            if (bytes.Length >= 2 && random.Next(4) != 0)
            {
                bytes[0] = 1;
                bytes[1] = (byte)random.Next(0, 8);
            }

            if (!ControlMessage.TryParse(bytes, out var message, out var error, out _))
            {
                Assert.True(Enum.IsDefined(error));
                continue;
            }

            parsed++;
            _ = message.Kind switch
            {
                ControlMessageKind.NoteOn or ControlMessageKind.NoteOff or ControlMessageKind.Midi => message.Midi.Count + message.DelayMs,
                ControlMessageKind.ChannelValue => message.ChannelName.Length + (double.IsNaN(message.ChannelValue) ? 1 : 0),
                ControlMessageKind.Ping => message.PingPayload.Length,
                _ => 0,
            };
        }

        Assert.True(parsed > 1000, $"{parsed} random messages parsed; the fuzz should reach every kind's body");
    }

    [Fact]
    public void Reading_messages_and_writing_pongs_allocates_nothing()
    {
        byte[][] messages =
        [
            ControlBytes.NoteOn(1, 60, 100, delayMs: 20), ControlBytes.NoteOff(2, 60), ControlBytes.Midi(3, 0, 0xB0, 74, 64),
            ControlBytes.Channel(4, "cutoff", 1200), ControlBytes.Panic(5), ControlBytes.Ping(6, 42),
        ];
        var names = new ChannelNameCache();
        var reply = new byte[ControlReplies.MaxLength];
        var sum = Play(messages, names, reply);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            sum += Play(messages, names, reply);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);

        static long Play(byte[][] messages, ChannelNameCache names, byte[] reply)
        {
            long sum = 0;
            foreach (var bytes in messages)
            {
                Assert.True(ControlMessage.TryParse(bytes, out var message, out _, out _));
                sum += message.Kind switch
                {
                    ControlMessageKind.NoteOn or ControlMessageKind.NoteOff or ControlMessageKind.Midi => message.Midi.Status + message.DelayMs,
                    ControlMessageKind.ChannelValue => names.NameOf(message.ChannelName).Length + (long)message.ChannelValue,
                    ControlMessageKind.Ping => ControlReplies.WritePong(reply, message.Tag, message.PingPayload),
                    _ => 1,
                };
            }

            return sum;
        }
    }

    [Fact]
    public void A_malformed_channel_name_is_refused_as_the_http_api_refuses_it()
    {
        var names = new ChannelNameCache();
        Assert.Equal("cutoff", names.NameOf("cutoff"u8));
        Assert.Same(names.NameOf("cutoff"u8), names.NameOf("cutoff"u8));
        Assert.Equal(SessionProblem.InvalidRequest, Assert.Throws<SessionException>(() => names.NameOf("9lives"u8)).Problem);
        Assert.Equal(SessionProblem.InvalidRequest, Assert.Throws<SessionException>(() => names.NameOf("a b"u8)).Problem);
        Assert.Equal(SessionProblem.InvalidRequest, Assert.Throws<SessionException>(() => names.NameOf([0x61, 0xC3, 0xA9])).Problem);
    }

    [Fact]
    public void An_error_reply_names_the_tag_and_cuts_its_explanation_at_a_character()
    {
        Span<byte> reply = stackalloc byte[ControlReplies.MaxLength];
        var length = ControlReplies.WriteError(reply, 0x1234, ControlError.TooManyRequests, TimeSpan.FromSeconds(1.2), new string('é', 300));
        Assert.Equal(ControlMessageFormat.ErrorHeaderLength + ControlMessageFormat.MaxErrorDetailBytes, length);
        Assert.Equal(new byte[] { 1, 0xEE, 0x12, 0x34, (byte)ControlError.TooManyRequests, 2 }, reply[..6].ToArray());
        Assert.Equal(new string('é', 100), System.Text.Encoding.UTF8.GetString(reply[6..length]));
    }
}
