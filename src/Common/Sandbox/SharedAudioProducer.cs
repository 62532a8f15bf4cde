using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// The worker's end of a <see cref="SharedAudioRegion"/>: a paced renderer queues 48 kHz stereo into the ring while
/// it holds less than its lead, and sleeps on the region's futex until the host's pacer takes a frame otherwise.
/// </summary>
/// <remarks>
/// The same rule as the host's in-process queue: keep <c>QueueFramesTarget</c> frames queued, never more than the
/// capacity, and never drop. The producer never spins: a full ring means a sleep in the kernel.
/// </remarks>
internal sealed unsafe class SharedAudioProducer
{
    private readonly SpscRing<float> _ring;
    private readonly int* _futex;
    private readonly int _leadSamples;
    private readonly int _fillLimitSamples;

    /// <summary>Writes into <paramref name="region"/>'s ring, which must stay mapped while this is used.</summary>
    internal SharedAudioProducer(SharedAudioRegion region)
    {
        _ring = new SpscRing<float>(region.Storage());
        _futex = region.FutexWord;
        _leadSamples = region.QueueFramesTarget * region.FrameLength;

        // A block may finish the frame it started past the lead, never past the queue's capacity.
        _fillLimitSamples = Math.Min(_leadSamples + region.FrameLength - 2, region.QueueFramesMax * region.FrameLength);
    }

    /// <summary>Queues all of <paramref name="interleavedStereo"/>, sleeping whenever the lead is queued until the consumer takes a frame.</summary>
    /// <returns>True when everything was queued; false when cancelled first.</returns>
    internal bool WriteWhenReady(ReadOnlySpan<float> interleavedStereo, CancellationToken cancellationToken)
    {
        while (!interleavedStereo.IsEmpty)
        {
            var queued = _ring.Count;
            if (queued >= _leadSamples)
            {
                // Read the word before the second look: a frame taken after it changes the word, and the futex
                // then returns at once instead of sleeping past the wake-up.
                var token = Volatile.Read(ref *_futex);
                if (_ring.Count >= _leadSamples && !Wait(token, cancellationToken))
                {
                    return false;
                }

                continue;
            }

            var room = _fillLimitSamples - queued;
            interleavedStereo = interleavedStereo[_ring.Write(interleavedStereo[..Math.Min(room, interleavedStereo.Length)])..];
        }

        return true;
    }

    private bool Wait(int token, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        using (cancellationToken.UnsafeRegister(static state => ((SharedAudioProducer)state!).Interrupt(), this))
        {
            // Returns at a wake, at once when the word already moved, or at a signal; the caller looks again.
            Interop.Libc.FutexWait(_futex, token);
        }

        return !cancellationToken.IsCancellationRequested;
    }

    private void Interrupt()
    {
        Interlocked.Increment(ref *_futex);
        Interop.Libc.FutexWake(_futex, int.MaxValue);
    }
}
