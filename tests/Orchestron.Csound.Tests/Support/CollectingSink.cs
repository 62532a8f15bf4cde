namespace Orchestron.Csound.Tests.Support;

/// <summary>A spout sink that keeps every block and the thread it arrived on.</summary>
internal sealed class CollectingSink : ICsoundSpoutSink
{
    private readonly List<double> _samples = [];

    internal CsoundAudioFormat? Format { get; private set; }

    internal HashSet<int> ThreadIds { get; } = [];

    internal int Blocks { get; private set; }

    internal Func<int, CancellationToken, bool>? OnBlock { get; init; }

    internal double[] Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public void OnStarted(CsoundAudioFormat format)
    {
        Format = format;
        ThreadIds.Add(Environment.CurrentManagedThreadId);
    }

    public void OnSpout(ReadOnlySpan<double> spout, CancellationToken cancellationToken)
    {
        ThreadIds.Add(Environment.CurrentManagedThreadId);
        lock (_samples)
        {
            _samples.AddRange(spout);
        }

        Blocks++;
        OnBlock?.Invoke(Blocks, cancellationToken);
    }
}
