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
/// samples per channel, 16 queue frames max, 20 queue frames target, 24 the render lead in samples per channel
/// (0: the target's whole frames), 28 the lead in force in floats plus one (the host's pacer writes it: it is one frame
/// less while a lead below whole frames has its render window shut, and the capacity while nobody listens; 0 before
/// the host has written it); 64 the futex word the worker sleeps on; 128 the write
/// position block, 256 the read position block (each <see cref="SharedRingStorage.PositionBlockSize"/> bytes, so
/// that each counter has its cache lines to itself); 384 the slots.
/// </para>
/// <para>
/// The same <see cref="SpscRing{T}"/> algorithm runs over it as over a ring in one process; no lock is shared and
/// the only copies are into and out of the ring. This type knows the layout only: the host reads the ring through
/// an <c>AudioFrameQueue</c>, the worker writes it through a <see cref="SharedAudioProducer"/>.
/// </para>
/// </remarks>
internal sealed unsafe class SharedAudioRegion : IDisposable
{
    /// <summary>"ORSR" read as a little-endian 32-bit number.</summary>
    internal const uint Magic = 0x5253524F;

    /// <summary>The layout version both sides must agree on.</summary>
    internal const int Version = 3;

    /// <summary>48 kHz stereo: floats per sample frame.</summary>
    internal const int Channels = 2;

    // The bounds the host's queue settings are validated against; the worker checks a header against them too.
    private const int MaxQueueFrames = 500;

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

    /// <summary>The length of one frame in samples per channel (120, 240, 480 or 960: 2.5, 5, 10 or 20 ms at 48 kHz).</summary>
    internal int FrameSamplesPerChannel => ReadInt(12);

    /// <summary>The queue's capacity in frames.</summary>
    internal int QueueFramesMax => ReadInt(16);

    /// <summary>The depth a paced producer keeps, in frames.</summary>
    internal int QueueFramesTarget => ReadInt(20);

    /// <summary>The render lead in samples per channel when it is set in time (0: <see cref="QueueFramesTarget"/> whole frames).</summary>
    internal int RenderLeadSamplesPerChannel => ReadInt(24);

    /// <summary>The lead in force in floats, as the host's pacer last wrote it; null before it has.</summary>
    internal int? LeadNowFloats
    {
        get => Volatile.Read(ref *(int*)(_base + 28)) is var word and > 0 ? word - 1 : null;
        set => Volatile.Write(ref *(int*)(_base + 28), value is { } lead ? lead + 1 : 0);
    }

    /// <summary>Floats in one frame.</summary>
    internal int FrameLength => FrameSamplesPerChannel * Channels;

    /// <summary>The ring's capacity in floats (a power of two).</summary>
    internal int CapacitySamples => ReadInt(8);

    /// <summary>The bytes the whole mapping takes: the header and the slots.</summary>
    internal long SizeBytes => SizeFor(FrameSamplesPerChannel, QueueFramesMax);

    /// <summary>The futex word: the consumer bumps and wakes it for every frame it takes.</summary>
    internal int* FutexWord => (int*)(_base + FutexOffset);

    /// <summary>Floats ever written into the ring (as the producer has published them).</summary>
    internal long TotalWrittenSamples => Volatile.Read(ref *(long*)(_base + WritePositionOffset + SharedRingStorage.PositionValueOffset));

    /// <summary>The bytes a region for these queue settings takes.</summary>
    internal static long SizeFor(int frameSamplesPerChannel, int queueFramesMax) => SlotsOffset + ((long)CapacityFor(frameSamplesPerChannel, queueFramesMax) * sizeof(float));

    /// <summary>Creates (or replaces) the file at <paramref name="path"/>, sized and laid out for the queue settings, and maps it.</summary>
    /// <param name="path">A file on a memory file system such as <c>/dev/shm</c>, created with mode 0600.</param>
    /// <param name="frameSamplesPerChannel">The frame length in samples per channel.</param>
    /// <param name="queueFramesMax">The capacity in frames.</param>
    /// <param name="queueFramesTarget">The depth a paced producer keeps.</param>
    /// <param name="renderLeadSamplesPerChannel">The render lead when it is set in time; 0 for the target's whole frames.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal static SharedAudioRegion Create(string path, int frameSamplesPerChannel, int queueFramesMax, int queueFramesTarget, int renderLeadSamplesPerChannel = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(renderLeadSamplesPerChannel);
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckSettings(frameSamplesPerChannel, queueFramesMax, queueFramesTarget, static message => new ArgumentOutOfRangeException(nameof(frameSamplesPerChannel), message));
        var size = SizeFor(frameSamplesPerChannel, queueFramesMax);
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
        region.WriteInt(8, CapacityFor(frameSamplesPerChannel, queueFramesMax));
        region.WriteInt(12, frameSamplesPerChannel);
        region.WriteInt(16, queueFramesMax);
        region.WriteInt(20, queueFramesTarget);
        region.WriteInt(24, renderLeadSamplesPerChannel);

        // The magic last: a worker that sees it sees a complete header.
        Volatile.Write(ref *(uint*)region._base, Magic);
        return region;
    }

    /// <summary>Maps an existing region and checks its header.</summary>
    /// <param name="path">The file the host created.</param>
    /// <exception cref="InvalidDataException">The file is not a region of this version, or its sizes disagree.</exception>
    internal static SharedAudioRegion Open(string path)
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

            CheckSettings(region.FrameSamplesPerChannel, region.QueueFramesMax, region.QueueFramesTarget, static message => new InvalidDataException(message));
            if (region.CapacitySamples != CapacityFor(region.FrameSamplesPerChannel, region.QueueFramesMax) || size < region.SizeBytes)
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

    /// <summary>The slots and positions, for an <see cref="SpscRing{T}"/> of floats over this mapping.</summary>
    internal SharedRingStorage Storage() => new(
        _base + SlotsOffset, sizeof(float), CapacitySamples, _base + WritePositionOffset, _base + ReadPositionOffset);

    /// <summary>Wakes a producer asleep on the futex, so that it looks at the ring (and its stop flag) again.</summary>
    internal void WakeProducer()
    {
        Interlocked.Increment(ref *FutexWord);
        Interop.Libc.FutexWake(FutexWord, int.MaxValue);
    }

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

    private static void CheckSettings(int frameSamplesPerChannel, int queueFramesMax, int queueFramesTarget, Func<string, Exception> error)
    {
        if (frameSamplesPerChannel is not (120 or 240 or 480 or 960) || queueFramesMax is < 1 or > MaxQueueFrames || queueFramesTarget < 1 || queueFramesTarget > queueFramesMax)
        {
            throw error($"Queue settings of {frameSamplesPerChannel}-sample frames, {queueFramesMax} frames max and {queueFramesTarget} target are out of range.");
        }
    }

    private static int CapacityFor(int frameSamplesPerChannel, int queueFramesMax) =>
        (int)BitOperations.RoundUpToPowerOf2((uint)(queueFramesMax * frameSamplesPerChannel * Channels));

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
