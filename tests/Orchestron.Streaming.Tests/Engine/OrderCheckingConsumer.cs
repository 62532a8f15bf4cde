using Orchestron.Streaming.Audio;
using Orchestron.Testing.Allocation;

namespace Orchestron.Streaming.Tests.Engine;

/// <summary>
/// Checks, frame by frame on the scheduler thread, that timestamps are continuous, that rendered frames carry
/// consecutive stamps, and that each frame was delivered exactly at start + n x period on the clock; and counts
/// what the scheduler thread allocates between its frames <see cref="MeasureFrom"/> and <see cref="MeasureTo"/>.
/// </summary>
internal sealed class OrderCheckingConsumer(IPacerClock clock, long periodTicks, int samplesPerFrame) : IAudioFrameConsumer
{
    private AllocationStretch _sinceLastExit;

    public long Frames;
    public long Rendered;
    public long Silent;
    public long FirstDelivery = -1;
    public float LastStamp;
    public string? Failure;
    public long MeasureFrom = long.MaxValue;
    public long MeasureTo = long.MaxValue;
    public Action<bool>? OnMeasuring;
    public readonly AllocationTally Allocations = new();

    public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        AllocationReading? sinceLastExit = _sinceLastExit.IsBegun ? _sinceLastExit.End() : null;
        if (Frames == MeasureFrom || Frames == MeasureTo)
        {
            OnMeasuring?.Invoke(Frames == MeasureFrom);
        }

        if (Frames > MeasureFrom && Frames <= MeasureTo)
        {
            Allocations.Add(sinceLastExit);
        }

        var now = clock.GetTimestamp();
        if (FirstDelivery < 0)
        {
            FirstDelivery = now;
        }

        if (Failure is null)
        {
            if (timestamp != Frames * samplesPerFrame)
            {
                Failure = $"frame {Frames} carries timestamp {timestamp}";
            }
            else if (now != FirstDelivery + (Frames * periodTicks))
            {
                Failure = $"frame {Frames} was delivered at {now}, {now - FirstDelivery - (Frames * periodTicks)} ticks off its schedule";
            }
            else if (!isSilence && interleavedStereo[0] != LastStamp + 1)
            {
                Failure = $"frame {Frames} carries stamp {interleavedStereo[0]} after {LastStamp}";
            }
        }

        if (isSilence)
        {
            Silent++;
        }
        else
        {
            LastStamp = interleavedStereo[0];
            Rendered++;
        }

        Frames++;
        _sinceLastExit = AllocationStretch.Begin();
    }
}
