using System.Globalization;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.WebRtc.LowLatency;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Host.Configuration;

/// <summary>Maps <see cref="OrchestronSettings.LowLatencyFrameMs"/> onto the sender's low-latency path.</summary>
internal static class LowLatencySettings
{
    /// <summary>Reads the setting; a frame that does not divide the audio frame is a problem naming both settings.</summary>
    public static void Read(SettingReader reader, OrchestronStreamingOptions options)
    {
        var choice = reader.Read<double?>(OrchestronSettings.LowLatencyFrameMs, double.NaN, static (string text, out double? value) =>
        {
            value = text.ToUpperInvariant() switch
            {
                "OFF" => null,
                "AUTO" => double.NaN,
                "2.5" => 2.5,
                "5" => 5,
                _ => -1,
            };
            return value is not -1;
        });
        if (choice is not { } frameMs)
        {
            options.Sender.LowLatency = null;
            return;
        }

        var audioFrameMs = options.Audio.FrameMs;
        if (double.IsNaN(frameMs))
        {
            // Any accepted audio frame other than 2.5 ms is a whole number of 5 ms frames.
            frameMs = audioFrameMs == 2.5 ? 2.5 : 5;
        }
        else if (audioFrameMs % frameMs != 0)
        {
            reader.Problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{OrchestronSettings.LowLatencyFrameMs.EnvironmentVariable} is {frameMs}, which does not divide {OrchestronSettings.FrameMs.EnvironmentVariable} ({audioFrameMs}); use auto or 2.5."));
            options.Sender.LowLatency = null;
            return;
        }

        options.Sender.LowLatency = new LowLatencyAudioOptions { FrameDuration = OpusFrameDurations.FromMilliseconds(frameMs) };
    }
}
