namespace Orchestron.Host.Instruments;

/// <summary>A Csound control channel an instrument reads, with the range a client may set.</summary>
/// <param name="Name">The channel name, as declared with <c>chn_k</c> and used in <c>PUT .../channels/{name}</c>.</param>
/// <param name="Label">A short label for a knob.</param>
/// <param name="Min">The lowest accepted value.</param>
/// <param name="Max">The highest accepted value.</param>
/// <param name="Default">The value the instrument starts with.</param>
/// <param name="Unit">The unit shown next to the value ("Hz"), or empty.</param>
/// <param name="Scale">How a knob should map its travel to the range.</param>
public sealed record InstrumentChannel(
    string Name,
    string Label,
    double Min,
    double Max,
    double Default,
    string Unit,
    ChannelScale Scale);
