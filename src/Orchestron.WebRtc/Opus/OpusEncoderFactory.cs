using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestron.WebRtc.Opus;

/// <summary>
/// Creates the Opus encoder that <see cref="OpusEncoderOptions.Implementation"/> asks for: the native libopus when it
/// loads, the managed Concentus port when it is missing (or when asked for), and logs which one it chose.
/// </summary>
public static partial class OpusEncoderFactory
{
    /// <summary>Creates an encoder with every option applied.</summary>
    /// <param name="options">The encoder settings, including <see cref="OpusEncoderOptions.Implementation"/>.</param>
    /// <param name="logger">Receives one line naming the chosen library; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="DllNotFoundException"><see cref="OpusImplementation.Native"/> was asked for and libopus does not load.</exception>
    /// <exception cref="OpusException">The codec refused to create or configure the encoder.</exception>
    public static IOpusEncoder Create(OpusEncoderOptions options, ILogger? logger = null) =>
        Create(options, logger, NativeOpusProbe.Platform);

    /// <summary>Creates an encoder, asking <paramref name="native"/> whether libopus loads.</summary>
    internal static IOpusEncoder Create(OpusEncoderOptions options, ILogger? logger, NativeOpusProbe native)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;

        switch (options.Implementation)
        {
            case OpusImplementation.Native:
                if (!native.IsAvailable)
                {
                    throw new DllNotFoundException($"The Opus implementation Native was requested but libopus did not load: {native.Detail}");
                }

                LogNative(logger, native.Detail, "requested");
                return new OpusEncoder(options);

            case OpusImplementation.Managed:
                var managed = new ConcentusOpusEncoder(options);
                LogManaged(logger, managed.LibraryVersion, "requested");
                return managed;

            default:
                if (native.IsAvailable)
                {
                    LogNative(logger, native.Detail, "found");
                    return new OpusEncoder(options);
                }

                var fallback = new ConcentusOpusEncoder(options);
                LogFallback(logger, fallback.LibraryVersion, native.Detail);
                return fallback;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opus encoder: native {Version} ({Reason}).")]
    private static partial void LogNative(ILogger logger, string version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opus encoder: managed {Version} ({Reason}).")]
    private static partial void LogManaged(ILogger logger, string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opus encoder: managed {Version}, because libopus did not load ({Detail}); it costs more CPU and allocates per frame.")]
    private static partial void LogFallback(ILogger logger, string version, string detail);
}
