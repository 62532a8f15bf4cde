using System.Collections.Concurrent;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Orchestron.Benchmarks.Audio;

/// <summary>Adds each resampler's THD+N on the benchmark signal next to its speed.</summary>
internal sealed class ThdPlusNoiseColumn : IColumn
{
    private static readonly ConcurrentDictionary<string, double> Measured = new();

    public string Id => nameof(ThdPlusNoiseColumn);

    public string ColumnName => "THD+N (dB)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "THD+N of a 1 kHz -1 dBFS sine, 44.1 to 48 kHz, relative to the sine";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var name = benchmarkCase.Descriptor.WorkloadMethod.Name switch
        {
            nameof(ResamplerThroughputBenchmarks.LibSoxrHq) => ResamplerContenders.Soxr,
            nameof(ResamplerThroughputBenchmarks.LibSpeexDspQuality10) => ResamplerContenders.Speex,
            nameof(ResamplerThroughputBenchmarks.OrchestronPolyphase114Db) => ResamplerContenders.Orchestron114Db,
            _ => ResamplerContenders.Orchestron,
        };
        return Measured.GetOrAdd(name, ResamplerContenders.MeasureThdPlusNoiseDb).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
