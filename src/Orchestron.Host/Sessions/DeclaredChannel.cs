namespace Orchestron.Host.Sessions;

/// <summary>A channel a CSD declares, and the range its declaration gives, if any.</summary>
/// <param name="Name">The channel's name.</param>
/// <param name="IsAudio">Whether it carries audio (<c>chn_a</c>, or <c>chnexport</c> of an a-rate variable), which a value cannot set.</param>
/// <param name="Min">The lowest value, when the declaration gives a range.</param>
/// <param name="Max">The highest value, when the declaration gives a range.</param>
public sealed record DeclaredChannel(string Name, bool IsAudio, double? Min, double? Max);
