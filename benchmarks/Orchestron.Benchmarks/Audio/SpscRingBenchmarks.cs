using BenchmarkDotNet.Attributes;
using Orchestron.Streaming.Audio;

namespace Orchestron.Benchmarks.Audio;

/// <summary>
/// Moving samples from one thread to another: the lock-free SPSC ring against the same ring guarded by a
/// lock (the baseline), in chunks of one resampled ksmps block (70 floats) and of one 10 ms stereo frame
/// (960 floats). Time is per sample moved.
/// </summary>
[MemoryDiagnoser]
public class SpscRingBenchmarks
{
    private const int SamplesPerInvoke = 1 << 22;
    private const int Capacity = 1 << 14;

    private SpscRing<float> _ring = null!;
    private LockedRing _lockedRing = null!;
    private float[] _chunk = [];
    private Thread? _consumer;
    private volatile bool _stopping;
    private volatile int _mode;

    /// <summary>Floats per write and per read.</summary>
    [Params(70, 960)]
    public int ChunkSamples { get; set; } = 960;

    [GlobalSetup]
    public void Setup()
    {
        _ring = new SpscRing<float>(Capacity);
        _lockedRing = new LockedRing(Capacity);
        _chunk = new float[ChunkSamples];
        _consumer = new Thread(Consume) { IsBackground = true, Name = "ring benchmark consumer" };
        _consumer.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _consumer?.Join();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SamplesPerInvoke)]
    public long LockedRingAcrossThreads()
    {
        _mode = 1;
        var target = _lockedRing.TotalWritten + SamplesPerInvoke;
        var spin = default(SpinWait);
        for (var sent = 0; sent < SamplesPerInvoke;)
        {
            var written = _lockedRing.Write(_chunk);
            sent += written;
            if (written == 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        while (_lockedRing.TotalRead < target)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return target;
    }

    [Benchmark(OperationsPerInvoke = SamplesPerInvoke)]
    public long SpscRingAcrossThreads()
    {
        _mode = 0;
        var target = _ring.TotalWritten + SamplesPerInvoke;
        var spin = default(SpinWait);
        for (var sent = 0; sent < SamplesPerInvoke;)
        {
            var written = _ring.Write(_chunk);
            sent += written;
            if (written == 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        while (_ring.TotalRead < target)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return target;
    }

    private void Consume()
    {
        var destination = new float[ChunkSamples];
        var spin = default(SpinWait);
        while (!_stopping)
        {
            var read = _mode == 0 ? _ring.Read(destination) : _lockedRing.Read(destination);
            if (read == 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>The same bulk-copy ring with both ends under one lock.</summary>
    private sealed class LockedRing(int capacity)
    {
        private readonly float[] _slots = new float[capacity];
        private readonly Lock _gate = new();
        private long _written;
        private long _read;

        public long TotalWritten
        {
            get
            {
                lock (_gate)
                {
                    return _written;
                }
            }
        }

        public long TotalRead
        {
            get
            {
                lock (_gate)
                {
                    return _read;
                }
            }
        }

        public int Write(ReadOnlySpan<float> source)
        {
            lock (_gate)
            {
                var count = Math.Min(source.Length, _slots.Length - (int)(_written - _read));
                var start = (int)(_written % _slots.Length);
                var first = Math.Min(count, _slots.Length - start);
                source[..first].CopyTo(_slots.AsSpan(start));
                source[first..count].CopyTo(_slots);
                _written += count;
                return count;
            }
        }

        public int Read(Span<float> destination)
        {
            lock (_gate)
            {
                var count = Math.Min(destination.Length, (int)(_written - _read));
                var start = (int)(_read % _slots.Length);
                var first = Math.Min(count, _slots.Length - start);
                _slots.AsSpan(start, first).CopyTo(destination);
                _slots.AsSpan(0, count - first).CopyTo(destination[first..]);
                _read += count;
                return count;
            }
        }
    }
}
