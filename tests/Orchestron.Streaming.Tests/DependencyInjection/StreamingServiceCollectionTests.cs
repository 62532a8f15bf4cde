using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.Tests.DependencyInjection;

public sealed class StreamingServiceCollectionTests
{
    [Fact]
    public void The_server_is_one_singleton_bound_as_configured_and_disposed_with_the_container()
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddOrchestronStreaming(options =>
            {
                options.Audio.FrameMs = 10;
                options.Audio.QueueFramesMax = 4;
                options.Audio.QueueFramesTarget = 2;
                options.WebRtc.BindAddress = IPAddress.Loopback;
                options.WebRtc.IncludeLoopbackCandidates = true;
            })
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var server = provider.GetRequiredService<UdpMediaTransport>();
        var audio = provider.GetRequiredService<StreamingAudioOptions>();

        Assert.Same(server, provider.GetRequiredService<UdpMediaTransport>());
        Assert.Equal(IPAddress.Loopback, server.Options.BindAddress);
        Assert.NotEqual(0, server.Port);
        Assert.Contains(server.LocalCandidates, candidate => candidate.Address.Equals(IPAddress.Loopback));
        Assert.Equal((10.0, 4, 2), (audio.FrameMs, audio.QueueFramesMax, audio.QueueFramesTarget));
        Assert.Same(provider.GetRequiredService<ICsoundInstanceFactory>(), provider.GetRequiredService<ICsoundInstanceFactory>());

        // The port is free again once the container has disposed the server.
        var port = server.Port;
        provider.Dispose();
        using var rebound = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback, UdpPort = port });
        Assert.Equal(port, rebound.Port);
    }

    [Fact]
    public void Every_invalid_setting_stops_start_up_and_is_named()
    {
        using var provider = new ServiceCollection()
            .AddOrchestronStreaming(options =>
            {
                options.Audio.FrameMs = 15;
                options.Audio.QueueFramesTarget = 99;
                options.WebRtc.UdpPort = 70_000;
                options.Sender.RedundancyDistance = 3;
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Audio: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("FrameMs", error.Message, StringComparison.Ordinal);
        Assert.Contains("QueueFramesTarget", error.Message, StringComparison.Ordinal);
        Assert.Contains("WebRtc: UdpPort is 70000", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sender: RedundancyDistance is 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Failures.Count());
    }

    [Fact]
    public void Defaults_are_valid_and_registering_twice_keeps_one_validator()
    {
        using var provider = new ServiceCollection().AddOrchestronStreaming().AddOrchestronStreaming().BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Single(provider.GetServices<IValidateOptions<OrchestronStreamingOptions>>());
        Assert.Equal(20, provider.GetRequiredService<IOptions<OrchestronStreamingOptions>>().Value.Audio.FrameMs);
    }
}
