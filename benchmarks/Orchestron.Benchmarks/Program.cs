using BenchmarkDotNet.Running;
using Orchestron.Benchmarks.Latency;

// "latency" measures end-to-end note latency per queue setting; anything else goes to BenchmarkDotNet.
if (args is ["latency"])
{
    await LatencyTable.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
