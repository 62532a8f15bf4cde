namespace Orchestron.Host.Instruments;

/// <summary>One instrument of the host's library.</summary>
/// <param name="Id">A stable, URL-safe identifier.</param>
/// <param name="Name">The display name.</param>
/// <param name="Description">One or two sentences on how it sounds.</param>
/// <param name="IsDefault">Whether a session without an explicit choice plays this one.</param>
/// <param name="PlaysByItself">Whether it makes sound before any note is played.</param>
/// <param name="Channels">The control channels a client may turn.</param>
public sealed record InstrumentInfo(
    string Id,
    string Name,
    string Description,
    bool IsDefault,
    bool PlaysByItself,
    IReadOnlyList<InstrumentChannel> Channels);
