using BenchmarkDotNet.Running;
using Orchestron.Benchmarks.Latency;
using Orchestron.Benchmarks.Sessions;

// "latency" measures end-to-end note latency per queue setting; anything else goes to BenchmarkDotNet.
if (args is ["latency"])
{
    await LatencyTable.RunAsync();
    return;
}

// "sessions" measures what a session costs against Csound and Opus alone, and how many fit on this machine.
if (args is ["sessions", ..])
{
    await SessionsBenchmark.RunAsync(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
