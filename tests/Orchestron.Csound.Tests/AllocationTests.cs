using Orchestron.Csound.Tests.Support;
using Orchestron.Testing.Allocation;

namespace Orchestron.Csound.Tests;

public class AllocationTests
{
    [Fact]
    public void The_steady_state_per_block_path_allocates_nothing()
    {
        // -m0: at the default message level Csound prints a line for every real-time event, and
        // turning a printed line into a logged string necessarily allocates.
        var logger = new TestLogger();
        using var instance = new CsoundInstance(new CsoundInstanceOptions { HostMidiInput = true, MessageLevel = 0 }, logger);
        instance.CompileOrchestra("""
            sr = 48000
            ksmps = 32
            nchnls = 2
            0dbfs = 1
            massign 0, 2
            instr 1
              aSignal oscili chnget:k("amplitude"), 440
              outs aSignal, aSignal
            endin
            instr 2
              aSignal oscili 0.1, cpsmidi()
              outs aSignal, aSignal
            endin
            """);
        instance.ReadScore("i1 0 3600");
        instance.Start();
        var amplitude = instance.GetControlChannelHandle("amplitude");
        ReadOnlySpan<double> pfields = [1, 0, 0.01];
        var sum = RunBlocks(instance, amplitude, pfields, 1000, new AllocationTally());

        var linesBefore = logger.Entries.Count;
        var allocations = new AllocationTally();
        sum += RunBlocks(instance, amplitude, pfields, 10_000, allocations);

        Assert.Equal(linesBefore, logger.Entries.Count);
        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
        Assert.True(sum > 0);
    }

    private static double RunBlocks(CsoundInstance instance, CsoundControlChannel amplitude, ReadOnlySpan<double> pfields, int blocks, AllocationTally allocations)
    {
        var sum = 0.0;
        for (var block = 0; block < blocks; block++)
        {
            // Each block is a stretch of its own, so a collection that other work causes costs one reading, not the run.
            var stretch = AllocationStretch.Begin();
            amplitude.Value = 0.25;
            if (block % 100 == 0)
            {
                instance.SendMidi(0x90, (byte)(60 + (block / 100 % 12)), 100);
                instance.SendMidi(0x80, (byte)(60 + (block / 100 % 12)), 0, TimeSpan.FromMilliseconds(50));
                instance.ScoreEvent('i', pfields);
            }

            Assert.False(instance.PerformKsmps());
            foreach (var sample in instance.Spout)
            {
                sum += Math.Abs(sample);
            }

            allocations.Add(stretch.End());
        }

        return sum;
    }
}
