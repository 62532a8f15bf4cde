using System.Globalization;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Maps the streaming settings onto Orchestron.Streaming's own options, which hold every default and range, and
/// turns the library's verdict on them back into problems that name the host's settings.
/// </summary>
internal static class StreamingSettings
{
    private static readonly Dictionary<string, SettingDefinition> AudioSettings = new(StringComparer.Ordinal)
    {
        [nameof(StreamingAudioOptions.FrameMs)] = OrchestronSettings.FrameMs,
        [nameof(StreamingAudioOptions.QueueFramesMax)] = OrchestronSettings.QueueFramesMax,
        [nameof(StreamingAudioOptions.QueueFramesTarget)] = OrchestronSettings.QueueFramesTarget,
        [nameof(StreamingAudioOptions.RenderLeadMs)] = OrchestronSettings.RenderLeadMs,
        [nameof(StreamingAudioOptions.FlushOnConnect)] = OrchestronSettings.FlushOnConnect,
        [nameof(StreamingAudioOptions.StartupKeepFrames)] = OrchestronSettings.StartupKeepFrames,
    };

    /// <summary>Reads the streaming settings; what the library refuses is added to the reader's problems.</summary>
    /// <param name="reader">The settings.</param>
    /// <param name="httpHost">The address HTTP serves, which the media socket follows.</param>
    public static OrchestronStreamingOptions Read(SettingReader reader, string httpHost)
    {
        var options = new OrchestronStreamingOptions();
        var audio = options.Audio;
        audio.FrameMs = reader.PositiveNumber(OrchestronSettings.FrameMs, audio.FrameMs);
        audio.QueueFramesMax = reader.Integer(OrchestronSettings.QueueFramesMax, audio.QueueFramesMax);
        audio.QueueFramesTarget = reader.Integer(OrchestronSettings.QueueFramesTarget, audio.QueueFramesTarget);
        audio.RenderLeadMs = reader.Read(OrchestronSettings.RenderLeadMs, audio.RenderLeadMs, static (string text, out double? value) =>
        {
            // "frames" keeps the lead in whole frames; a number is checked against the frame and queue by the library.
            var frames = string.Equals(text, "frames", StringComparison.OrdinalIgnoreCase);
            var number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms) && ms > 0;
            value = number ? ms : null;
            return frames || number;
        });
        audio.FlushOnConnect = reader.Boolean(OrchestronSettings.FlushOnConnect, audio.FlushOnConnect);
        audio.StartupKeepFrames = reader.Integer(OrchestronSettings.StartupKeepFrames, audio.StartupKeepFrames);

        options.Sender.RedundancyDistance = reader.Integer(OrchestronSettings.RedDistance, options.Sender.RedundancyDistance);
        options.Sender.Opus.Application = reader.Read(OrchestronSettings.OpusApplication, options.Sender.Opus.Application, TryReadApplication);
        LowLatencySettings.Read(reader, options);

        var transport = options.WebRtc;
        transport.UdpPort = reader.Integer(OrchestronSettings.UdpPort, transport.UdpPort);
        transport.BindAddress = MediaBindAddress.For(httpHost);
        if (reader.Address(OrchestronSettings.PublicIp) is { } publicIp)
        {
            transport.PublicAddresses.Add(publicIp);
        }

        ReportRefusals(reader, options);
        return options;
    }

    private static bool TryReadApplication(string text, out OpusApplication application)
    {
        (var known, application) = text.ToUpperInvariant() switch
        {
            "AUDIO" => (true, OpusApplication.Audio),
            "RESTRICTED-LOWDELAY" or "RESTRICTED_LOWDELAY" => (true, OpusApplication.RestrictedLowDelay),
            _ => (false, OpusApplication.Audio),
        };
        return known;
    }

    private static void ReportRefusals(SettingReader reader, OrchestronStreamingOptions options)
    {
        foreach (var error in options.Audio.GetValidationErrors())
        {
            reader.Reject(AudioSettings[error.OptionName]);
        }

        try
        {
            options.Sender.Validate();
        }
        catch (ArgumentException error) when (error.ParamName == nameof(WebRtcAudioSenderOptions.RedundancyDistance))
        {
            reader.Reject(OrchestronSettings.RedDistance);
        }

        try
        {
            options.WebRtc.Validate();
        }
        catch (ArgumentException error) when (error.ParamName == nameof(UdpMediaTransportOptions.UdpPort))
        {
            reader.Reject(OrchestronSettings.UdpPort);
        }
    }
}
