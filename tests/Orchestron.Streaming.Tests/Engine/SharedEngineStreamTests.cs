using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Testing;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.Tests.Engine;

public sealed class SharedEngineStreamTests
{
    [Fact]
    public async Task A_stream_renders_on_the_shared_pool_and_posted_work_runs_there_between_control_periods()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var csound = new CsoundInstance(CsoundInstanceOptions.Headless());
        csound.CompileCsdText(TestInstruments.Sine(440));
        await using var stream = CsoundWebRtcStream.Start(csound, server, new StreamingAudioOptions { FrameMs = 10 });
        Assert.True(StreamingEngine.Shared.RenderingCount >= 1);
        Assert.True(StreamingEngine.Shared.SessionCount >= 1);

        var ranOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        stream.Performer.Post(_ => ranOn.TrySetResult(Thread.CurrentThread.Name));
        var thread = await ranOn.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("Orchestron render", thread);
        Assert.True(SpinWait.SpinUntil(() => stream.AudioStatistics.FramesSent > 20, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, stream.AudioStatistics.Drops);
    }

    [Fact]
    public void The_shared_engine_cannot_be_reconfigured_once_it_runs()
    {
        _ = StreamingEngine.Shared;
        Assert.Throws<InvalidOperationException>(() => StreamingEngine.ConfigureShared(new StreamingEngineOptions { MaxSessions = 4 }));
        Assert.Throws<ArgumentException>(() => StreamingEngine.ConfigureShared(new StreamingEngineOptions { TargetLoad = 2 }));
    }
}
