namespace Orchestron.WebRtc.Opus;

/// <summary>Finds out once whether the native libopus loads, and why not when it does not.</summary>
/// <remarks>
/// The probe makes a real libopus call through the assembly's native library resolver, so it succeeds exactly when
/// <see cref="OpusEncoder"/> would; a missing library surfaces as the resolver's <see cref="DllNotFoundException"/>,
/// whose message names the package to install.
/// </remarks>
internal sealed class NativeOpusProbe
{
    private readonly Lazy<(bool Loaded, string Detail)> _result;

    /// <summary>Creates a probe around a call that returns the libopus version and throws when libopus is missing.</summary>
    internal NativeOpusProbe(Func<string> readVersion) => _result = new(() => Run(readVersion));

    /// <summary>The probe of this process's libopus; its answer is kept because a library cannot appear or vanish later.</summary>
    internal static NativeOpusProbe Platform { get; } = new(() => OpusEncoder.LibraryVersion);

    /// <summary>True when libopus loaded.</summary>
    public bool IsAvailable => _result.Value.Loaded;

    /// <summary>The libopus version when it loaded, otherwise why it did not.</summary>
    public string Detail => _result.Value.Detail;

    private static (bool, string) Run(Func<string> readVersion)
    {
        try
        {
            return (true, readVersion());
        }
        catch (DllNotFoundException error)
        {
            return (false, error.Message);
        }
        catch (EntryPointNotFoundException error)
        {
            // A library under libopus's name that lacks its entry points is as good as none.
            return (false, error.Message);
        }
    }
}
