using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.Opus;

namespace Orchestron.WebRtc.Tests.Opus;

/// <summary>
/// Which encoder the factory builds, and what it logs. libopus is installed on the test machine, so its absence is
/// simulated: see <see cref="MissingLibopus"/>.
/// </summary>
public sealed class OpusEncoderFactoryTests
{
    /// <summary>
    /// A probe whose libopus call fails as the assembly's native library resolver fails when no libopus file loads. The
    /// real absence cannot be arranged in this process: libopus is installed and already loaded here, a loaded library
    /// is never unloaded, and an assembly's DllImport resolver can be set only once (the library sets it at start-up).
    /// </summary>
    private static NativeOpusProbe MissingLibopus => new(() =>
        throw new DllNotFoundException("Could not load the native library 'orchestron-opus' (tried libopus.so.0, libopus.so). Install libopus: Debian/Ubuntu 'apt-get install libopus0'."));

    [Fact]
    public void Auto_picks_libopus_when_it_loads_and_logs_its_version()
    {
        var logger = new RecordingLogger();
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions(), logger);

        Assert.IsType<OpusEncoder>(encoder);
        Assert.Equal(OpusImplementation.Native, encoder.Implementation);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("native libopus ", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_falls_back_to_Concentus_when_libopus_is_missing_and_warns_why()
    {
        var logger = new RecordingLogger();
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions(), logger, MissingLibopus);

        Assert.IsType<ConcentusOpusEncoder>(encoder);
        Assert.Equal(OpusImplementation.Managed, encoder.Implementation);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("managed Concentus", entry.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libopus0", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_picks_Concentus_even_when_libopus_loads()
    {
        var logger = new RecordingLogger();
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions { Implementation = OpusImplementation.Managed }, logger);

        Assert.IsType<ConcentusOpusEncoder>(encoder);
        Assert.Contains("managed Concentus", Assert.Single(logger.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_picks_libopus()
    {
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions { Implementation = OpusImplementation.Native });

        Assert.IsType<OpusEncoder>(encoder);
    }

    [Fact]
    public void Native_fails_naming_the_package_when_libopus_is_missing()
    {
        var options = new OpusEncoderOptions { Implementation = OpusImplementation.Native };

        var error = Assert.Throws<DllNotFoundException>(() => OpusEncoderFactory.Create(options, null, MissingLibopus));
        Assert.Contains("Native was requested", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libopus0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_without_the_opus_entry_points_counts_as_missing()
    {
        var probe = new NativeOpusProbe(() => throw new EntryPointNotFoundException("opus_get_version_string"));

        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions(), null, probe);

        Assert.IsType<ConcentusOpusEncoder>(encoder);
        Assert.Contains("opus_get_version_string", probe.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_platform_probe_finds_the_installed_libopus()
    {
        Assert.True(NativeOpusProbe.Platform.IsAvailable, NativeOpusProbe.Platform.Detail);
        Assert.StartsWith("libopus ", NativeOpusProbe.Platform.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpusImplementation.Native)]
    [InlineData(OpusImplementation.Managed)]
    public void Either_encoder_takes_the_frame_duration_from_the_options(OpusImplementation implementation)
    {
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions { Implementation = implementation, FrameDuration = OpusFrameDuration.TenMilliseconds });
        var packet = new byte[OpusEncoder.MaxPacketSize];

        Assert.Equal(OpusFrameDuration.TenMilliseconds, encoder.FrameDuration);
        Assert.Equal(480, encoder.SamplesPerChannel);
        Assert.InRange(encoder.Encode(OpusTestSignals.Sine(480, 440, 0.5f, 0), packet), 3, 1_275);
        encoder.Reset();
        Assert.False(encoder.LastPacketWasDtx);
    }

    [Fact]
    public void Invalid_options_are_refused_before_any_encoder_is_built()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OpusEncoderFactory.Create(new OpusEncoderOptions { Complexity = 11 }, null, MissingLibopus));
        Assert.Contains("Complexity", error.Message, StringComparison.Ordinal);
    }
}
