using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Csound;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.DependencyInjection;

/// <summary>
/// The factory <c>AddOrchestronStreaming</c> registers: one interface for both isolations, each stream heard by a
/// real listener, paced by the registered engine, and compile errors and an unavailable sandbox said the same way.
/// </summary>
public sealed class CsoundStreamFactoryTests
{
    [Theory]
    [InlineData(CsoundIsolation.InProcess)]
    [InlineData(CsoundIsolation.Sandbox)]
    public async Task Either_isolation_streams_to_a_listener_on_the_registered_engine_through_the_one_interface(CsoundIsolation isolation)
    {
        await using var provider = Services();
        var engine = provider.GetRequiredService<StreamingEngine>();
        var factory = provider.GetRequiredService<ICsoundStreamFactory>();

        var stream = await factory.CreateAsync(TestInstruments.Sine(440, sampleRate: 48000), isolation);
        Assert.Equal(isolation, stream.Isolation);
        Assert.Null(stream.Sender);
        await stream.StartAsync();
        Assert.Equal(1, engine.SessionCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.StartAsync());

        using var listener = new LoopbackListener();
        listener.Start(stream.AcceptOffer(listener.Offer()).Sdp);
        // A guard against a stream that never sends, not a timing assertion.
        for (var waited = 0; Interlocked.Read(ref listener.MediaPackets) < 100 && waited < 400; waited++)
        {
            await Task.Delay(50);
        }

        Assert.True(Interlocked.Read(ref listener.MediaPackets) >= 100, $"{listener.MediaPackets} packets from the {isolation} stream");
        Assert.Equal(1, stream.Sender!.ListenerCount);
        Assert.True(stream.TrySendMidi(0x90, 60, 100));
        stream.Panic();
        Assert.True(stream.AudioStatistics.FramesSent > 0);

        Assert.True(await stream.StopAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, engine.SessionCount);
        Assert.True(stream.Completion.IsCompleted, "the performance did not end with the stop");
    }

    [Theory]
    [InlineData(CsoundIsolation.InProcess)]
    [InlineData(CsoundIsolation.Sandbox)]
    public async Task Code_that_does_not_compile_is_a_csound_error_with_csounds_lines_in_either_isolation(CsoundIsolation isolation)
    {
        await using var provider = Services();
        var factory = provider.GetRequiredService<ICsoundStreamFactory>();

        var error = await Assert.ThrowsAnyAsync<CsoundException>(() => factory.CreateAsync(
            "<CsoundSynthesizer><CsInstruments>\ninstr 1\n  aout nosuchopcode 1\nendin\n</CsInstruments><CsScore></CsScore></CsoundSynthesizer>", isolation));

        Assert.NotEmpty(error.CsoundMessages);
    }

    [Fact]
    public async Task A_sandbox_that_cannot_run_refuses_with_its_reason_and_nothing_runs_in_its_place()
    {
        await using var provider = Services(options => options.Sandbox.BwrapPath = "/nonexistent/bwrap");
        var factory = provider.GetRequiredService<ICsoundStreamFactory>();

        var error = await Assert.ThrowsAsync<SandboxUnavailableException>(() => factory.CreateAsync(TestInstruments.Sine(440), CsoundIsolation.Sandbox));

        Assert.Contains("bubblewrap is not installed", error.Reason, StringComparison.Ordinal);
        Assert.Equal(error.Reason, await factory.SandboxUnavailableReasonAsync());
        Assert.Equal(0, provider.GetRequiredService<StreamingEngine>().SessionCount);
    }

    [Fact]
    public async Task Output_to_the_device_refuses_sandboxed_code_and_makes_a_performance_without_a_sender()
    {
        await using var provider = Services(
            options => options.Output = CsoundStreamOutput.Device,
            csound => csound.Instance = CsoundInstanceOptions.RealtimeOutput("null"));
        var factory = provider.GetRequiredService<ICsoundStreamFactory>();

        await Assert.ThrowsAsync<SandboxUnavailableException>(() => factory.CreateAsync(TestInstruments.Sine(440), CsoundIsolation.Sandbox));
        await using var performance = await factory.CreateAsync(TestInstruments.Sine(440), CsoundIsolation.InProcess);

        Assert.IsType<CsoundDevicePerformance>(performance);
        Assert.Null(performance.Sender);
        Assert.Throws<InvalidOperationException>(() => performance.AcceptOffer("v=0"));
    }

    private static ServiceProvider Services(Action<OrchestronStreamingOptions>? configure = null, Action<CsoundOptions>? csound = null) =>
        new ServiceCollection()
            .AddLogging()
            .Configure<CsoundOptions>(options =>
            {
                options.Instance.HostMidiInput = true;
                csound?.Invoke(options);
            })
            .AddOrchestronStreaming(options =>
            {
                options.WebRtc.BindAddress = IPAddress.Loopback;
                options.WebRtc.IncludeLoopbackCandidates = true;
                configure?.Invoke(options);
            })
            .BuildServiceProvider();
}
