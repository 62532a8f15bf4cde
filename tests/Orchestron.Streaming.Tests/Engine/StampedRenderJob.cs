using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Testing.Allocation;

namespace Orchestron.Streaming.Tests.Engine;

/// <summary>
/// A render source for the pool that writes whole frames whose every sample is the frame's sequence number,
/// so a listener can tell whether frames arrive in order, and that notes which worker threads rendered it and
/// what those threads allocated between its calls (the pool's own allocations).
/// </summary>
internal sealed class StampedRenderJob(AudioFrameQueue buffer) : RenderJob(buffer)
{
    [ThreadStatic]
    private static AllocationStretch t_sinceLastExit;

    private readonly float[] _frame = new float[buffer.FrameLength];
    private readonly HashSet<int> _threads = [];
    private float _sequence;

    /// <summary>When set, the block with stamp <see cref="HoldAt"/> waits for it: a render that runs late.</summary>
    public ManualResetEventSlim? Gate { get; init; }

    public float HoldAt { get; init; } = float.MaxValue;

    public volatile bool Waiting;

    /// <summary>Counts what pool threads allocate between calls into any stamped job, while true.</summary>
    public static volatile bool MeasuringAllocations;

    public static AllocationTally PoolAllocations { get; } = new();

    public int ThreadCount
    {
        get
        {
            lock (_threads)
            {
                return _threads.Count;
            }
        }
    }

    internal override bool RenderBlock()
    {
        if (MeasuringAllocations)
        {
            PoolAllocations.End(t_sinceLastExit);
        }

        var thread = Environment.CurrentManagedThreadId;
        lock (_threads)
        {
            _threads.Add(thread);
        }

        if (Gate is { } gate && _sequence + 1 == HoldAt)
        {
            Waiting = true;
            gate.Wait();
            Waiting = false;
        }

        Array.Fill(_frame, ++_sequence);
        var written = Queue.WriteAvailable(_frame);
        Assert.Equal(_frame.Length, written);
        t_sinceLastExit = AllocationStretch.Begin();
        return true;
    }

    internal override bool RunPendingWork() => true;

    internal override void Abandon()
    {
    }
}
