using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// The worker's end of a <see cref="SharedAudioRegion"/>: a paced renderer queues 48 kHz stereo into the ring while
/// it holds less than its lead, and sleeps on the region's futex until the host's pacer takes a frame otherwise.
/// </summary>
/// <remarks>
/// The same rule as the host's in-process queue: keep the lead queued (<c>QueueFramesTarget</c> frames, or the lead
/// in force the host writes in the region), never more than the capacity, and never drop. The producer never spins: a full ring means a sleep in the kernel.
/// </remarks>
internal sealed unsafe class SharedAudioProducer
{
    private readonly SpscRing<float> _ring;
    private readonly SharedAudioRegion _region;
    private readonly int* _futex;
    private readonly int _leadSamples;
    private readonly int _frameLength;
    private readonly int _capacitySamples;

    /// <summary>Writes into <paramref name="region"/>'s ring, which must stay mapped while this is used.</summary>
    internal SharedAudioProducer(SharedAudioRegion region)
    {
        _ring = new SpscRing<float>(region.Storage());
        _region = region;
        _futex = region.FutexWord;
        _leadSamples = region.QueueFramesTarget * region.FrameLength;
        _frameLength = region.FrameLength;
        _capacitySamples = region.QueueFramesMax * region.FrameLength;
    }

    /// <summary>The lead the host's pacer has in force (one frame less while a render window is shut), else the target's.</summary>
    private int Lead
    {
        get => _region.LeadNowFloats ?? _leadSamples;
    }

    /// <summary>Queues all of <paramref name="interleavedStereo"/>, sleeping whenever the lead is queued until the consumer takes a frame.</summary>
    /// <returns>True when everything was queued; false when cancelled first.</returns>
    internal bool WriteWhenReady(ReadOnlySpan<float> interleavedStereo, CancellationToken cancellationToken)
    {
        while (!interleavedStereo.IsEmpty)
        {
            var queued = _ring.Count;
            var lead = Lead;
            if (queued >= lead)
            {
                // Read the word before the second look: a frame taken (or a render window opened) after it changes
                // the word, and the futex then returns at once instead of sleeping past the wake-up.
                var token = Volatile.Read(ref *_futex);
                if (_ring.Count >= Lead && !Wait(token, cancellationToken))
                {
                    return false;
                }

                continue;
            }

            // A block may finish the frame it started past the lead, never past the queue's capacity.
            var room = Math.Min(lead + _frameLength - 2, _capacitySamples) - queued;
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
