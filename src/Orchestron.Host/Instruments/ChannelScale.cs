using System.Text.Json.Serialization;

namespace Orchestron.Host.Instruments;

/// <summary>How a control should move between its minimum and maximum.</summary>
public enum ChannelScale
{
    /// <summary>Evenly; for mixes, depths and amounts.</summary>
    [JsonStringEnumMemberName("linear")]
    Linear,

    /// <summary>By ratio; for frequencies, where each octave should take the same travel.</summary>
    [JsonStringEnumMemberName("logarithmic")]
    Logarithmic,
}
