using Orchestron.WebRtc.DataChannels;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>Carries packets between two sessions through buffers allocated once.</summary>
internal sealed class PreallocatedLink
{
    private const int PacketSlots = 256;

    private readonly byte[][] _buffers = Enumerable.Range(0, PacketSlots).Select(_ => new byte[1500]).ToArray();
    private readonly int[] _lengths = new int[PacketSlots];
    private readonly bool[] _toServer = new bool[PacketSlots];
    private int _head;
    private int _count;

    public DataChannelSession? Client { get; set; }

    public DataChannelSession? Server { get; set; }

    public void ToServer(ReadOnlySpan<byte> packet) => Enqueue(packet, true);

    public void ToClient(ReadOnlySpan<byte> packet) => Enqueue(packet, false);

    public void Pump()
    {
        while (_count > 0)
        {
            var slot = _head;
            _head = (_head + 1) % PacketSlots;
            _count--;
            var target = _toServer[slot] ? Server! : Client!;
            target.HandlePacket(_buffers[slot].AsSpan(0, _lengths[slot]));
        }
    }

    private void Enqueue(ReadOnlySpan<byte> packet, bool toServer)
    {
        if (_count == PacketSlots)
        {
            throw new InvalidOperationException("The link's buffers are full.");
        }

        var slot = (_head + _count) % PacketSlots;
        packet.CopyTo(_buffers[slot]);
        _lengths[slot] = packet.Length;
        _toServer[slot] = toServer;
        _count++;
    }
}
