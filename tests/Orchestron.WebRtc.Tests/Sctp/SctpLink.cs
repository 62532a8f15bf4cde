using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.Tests.Sctp;

/// <summary>Two associations joined in memory, with a hand-turned clock and a hook that may drop packets.</summary>
internal sealed class SctpLink
{
    private readonly Queue<(bool ToB, byte[] Packet)> _inFlight = new();

    public SctpLink(int maxPacketSize = 1120, int maxMessageSize = 65536)
    {
        SinkA = new RecordingSink();
        SinkB = new RecordingSink();
        A = new SctpAssociation(SinkA, packet => Enqueue(true, packet), maxPacketSize, maxMessageSize);
        B = new SctpAssociation(SinkB, packet => Enqueue(false, packet), maxPacketSize, maxMessageSize);
    }

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    public RecordingSink SinkA { get; }

    public RecordingSink SinkB { get; }

    public long Now { get; private set; } = 1_000_000;

    /// <summary>Decides per packet whether it is lost: (toB, packet, index) to true for a loss.</summary>
    public Func<bool, byte[], int, bool>? Drop { get; set; }

    /// <summary>Every packet sent, in order, with its direction.</summary>
    public List<(bool ToB, byte[] Packet)> Sent { get; } = [];

    public void Connect()
    {
        A.Connect(Now);
        Pump();
    }

    /// <summary>Delivers packets until none is left in flight.</summary>
    public void Pump()
    {
        while (_inFlight.TryDequeue(out var item))
        {
            if (Drop?.Invoke(item.ToB, item.Packet, Sent.Count) == true)
            {
                continue;
            }

            (item.ToB ? B : A).HandlePacket(item.Packet, Now);
        }
    }

    /// <summary>Moves the clock on in 10 ms steps, running both sides' timers and delivering what they send.</summary>
    public void Advance(int milliseconds)
    {
        for (var elapsed = 0; elapsed < milliseconds; elapsed += 10)
        {
            Now += 10;
            A.OnTimer(Now);
            B.OnTimer(Now);
            Pump();
        }
    }

    private void Enqueue(bool toB, ReadOnlySpan<byte> packet)
    {
        var copy = packet.ToArray();
        Sent.Add((toB, copy));
        _inFlight.Enqueue((toB, copy));
    }
}

/// <summary>Keeps what an association hands up.</summary>
internal sealed class RecordingSink : ISctpMessageSink
{
    public bool Established { get; private set; }

    public string? Terminated { get; private set; }

    public List<(ushort Stream, uint Ppid, byte[] Data)> Messages { get; } = [];

    public List<ushort> Resets { get; } = [];

    public void OnEstablished() => Established = true;

    public void OnMessage(ushort stream, uint ppid, ReadOnlySpan<byte> message) => Messages.Add((stream, ppid, message.ToArray()));

    public void OnIncomingStreamReset(ushort stream) => Resets.Add(stream);

    public void OnTerminated(string reason) => Terminated = reason;
}
