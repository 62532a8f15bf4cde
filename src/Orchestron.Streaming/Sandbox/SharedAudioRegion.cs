using System.IO.MemoryMappedFiles;
using System.Numerics;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// One file mapped by two processes that carries a session's 48 kHz stereo audio: a header, a futex word, the
/// ring's two positions and its float slots. The host creates it; the worker opens it.
/// </summary>
/// <remarks>
/// <para>
/// Layout (little-endian, offsets in bytes): 0 magic "ORSR", 4 version, 8 capacity in floats, 12 frame length in
/// ms, 16 queue frames max, 20 queue frames target; 64 the futex word the worker sleeps on; 128 the write
/// position block, 256 the read position block (each <see cref="SharedRingStorage.PositionBlockSize"/> bytes, so
/// that each counter has its cache lines to itself); 384 the slots.
/// </para>
/// <para>
/// The same <see cref="SpscRing{T}"/> algorithm runs over it as over a ring in one process; no lock is shared and
/// the only copies are into and out of the ring.
/// </para>
/// </remarks>
public sealed unsafe class SharedAudioRegion : IDisposable
{
    /// <summary>"ORSR" read as a little-endian 32-bit number.</summary>
    public const uint Magic = 0x5253524F;

    /// <summary>The layout version both sides must agree on.</summary>
    public const int Version = 1;

    private const int FutexOffset = 64;
    private const int WritePositionOffset = 128;
    private const int ReadPositionOffset = WritePositionOffset + SharedRingStorage.PositionBlockSize;
    private const int SlotsOffset = ReadPositionOffset + SharedRingStorage.PositionBlockSize;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private int _disposed;

    private SharedAudioRegion(MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        _file = file;
        _view = view;
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>The queue settings written in the header: frame length, capacity and target.</summary>
    public StreamingAudioOptions Options => new()
    {
        FrameMs = ReadInt(12),
        QueueFramesMax = ReadInt(16),
        QueueFramesTarget = ReadInt(20),
    };

    /// <summary>The ring's capacity in floats (a power of two).</summary>
    public int CapacitySamples => ReadInt(8);

    /// <summary>The bytes a region for <paramref name="options"/> takes.</summary>
    public static long SizeFor(StreamingAudioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SlotsOffset + ((long)CapacityFor(options) * sizeof(float));
    }

    /// <summary>Creates (or replaces) the file at <paramref name="path"/>, sized and laid out for <paramref name="options"/>, and maps it.</summary>
    /// <param name="path">A file on a memory file system such as <c>/dev/shm</c>, created with mode 0600.</param>
    /// <param name="options">The queue settings; validated.</param>
    public static SharedAudioRegion Create(string path, StreamingAudioOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var size = SizeFor(options);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, fileOptions))
        {
            stream.SetLength(size);
        }

        var region = Map(path, size);
        region.WriteInt(4, Version);
        region.WriteInt(8, CapacityFor(options));
        region.WriteInt(12, options.FrameMs);
        region.WriteInt(16, options.QueueFramesMax);
        region.WriteInt(20, options.QueueFramesTarget);

        // The magic last: a worker that sees it sees a complete header.
        Volatile.Write(ref *(uint*)region._base, Magic);
        return region;
    }

    /// <summary>Maps an existing region and checks its header.</summary>
    /// <param name="path">The file the host created.</param>
    /// <exception cref="InvalidDataException">The file is not a region of this version, or its sizes disagree.</exception>
    public static SharedAudioRegion Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var size = new FileInfo(path).Length;
        if (size < SlotsOffset)
        {
            throw new InvalidDataException($"The shared audio region is {size} bytes; its header alone takes {SlotsOffset}.");
        }

        var region = Map(path, size);
        try
        {
            if (Volatile.Read(ref *(uint*)region._base) != Magic || region.ReadInt(4) != Version)
            {
                throw new InvalidDataException($"The file is not a version {Version} shared audio region.");
            }

            var options = region.Options;
            options.Validate();
            if (region.CapacitySamples != CapacityFor(options) || size < SizeFor(options))
            {
                throw new InvalidDataException("The shared audio region's capacity does not match its queue settings.");
            }

            return region;
        }
        catch
        {
            region.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The queue's producer end (in the worker): a paced renderer writes into it with
    /// <see cref="AudioFrameBuffer.WriteWhenReady"/> and sleeps on the region's futex while it is full.
    /// </summary>
    /// <param name="metrics">Where the producer's counts go; the buffer's own when null.</param>
    public AudioFrameBuffer CreateProducerBuffer(StreamingAudioMetrics? metrics = null) => CreateBuffer(metrics);

    /// <summary>
    /// The queue's consumer end (in the host): a <see cref="QueueAudioTrack"/> reads it, counting underruns as for
    /// any queue, and each frame it takes wakes the producer.
    /// </summary>
    /// <param name="metrics">Where drops, underruns and pacing are counted; the buffer's own when null.</param>
    public AudioFrameBuffer CreateConsumerBuffer(StreamingAudioMetrics? metrics = null) => CreateBuffer(metrics);

    /// <summary>Wakes a producer asleep on the futex, so that it looks at the ring (and its stop flag) again.</summary>
    public void WakeProducer()
    {
        Interlocked.Increment(ref *FutexWord);
        Interop.Libc.FutexWake(FutexWord, int.MaxValue);
    }

    /// <summary>Floats ever written into the ring (as the producer has published them).</summary>
    public long TotalWrittenSamples => Volatile.Read(ref *(long*)(_base + WritePositionOffset + SharedRingStorage.PositionValueOffset));

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private int* FutexWord => (int*)(_base + FutexOffset);

    private AudioFrameBuffer CreateBuffer(StreamingAudioMetrics? metrics) =>
        new(Options, metrics, _ => new SpscRing<float>(Storage()), new FutexFrameTakenSignal(FutexWord));

    private SharedRingStorage Storage() => new(
        _base + SlotsOffset, sizeof(float), CapacitySamples, _base + WritePositionOffset, _base + ReadPositionOffset);

    private static int CapacityFor(StreamingAudioOptions options) =>
        (int)BitOperations.RoundUpToPowerOf2((uint)(options.QueueFramesMax * options.FrameLength));

    private static SharedAudioRegion Map(string path, long size)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, size, MemoryMappedFileAccess.ReadWrite);
        try
        {
            return new SharedAudioRegion(file, file.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private int ReadInt(int offset) => *(int*)(_base + offset);

    private void WriteInt(int offset, int value) => *(int*)(_base + offset) = value;
}
