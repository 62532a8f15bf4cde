namespace Orchestron.Streaming.Audio;

// The ring and the resampler are compiled from src/Common into this assembly and into the Csound worker, which
// carries no part of this package. Their declarations there name no accessibility, so that they are internal in
// the worker; these parts make them public here, where they are part of the package's API.

/// <content>Public in Orchestron.Streaming.</content>
public sealed partial class SpscRing<T>
    where T : unmanaged
{
}

/// <content>Public in Orchestron.Streaming.</content>
public readonly partial struct SharedRingStorage
{
}

/// <content>Public in Orchestron.Streaming.</content>
public static partial class StereoConverter
{
}

/// <content>Public in Orchestron.Streaming.</content>
public sealed partial class PolyphaseResampler
{
}
