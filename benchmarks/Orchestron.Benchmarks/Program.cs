using System.Globalization;
using BenchmarkDotNet.Running;
using Orchestron.Benchmarks.Browser;
using Orchestron.Benchmarks.Janus;
using Orchestron.Benchmarks.Latency;
using Orchestron.Benchmarks.Sandbox;
using Orchestron.Benchmarks.Sessions;
using Orchestron.Benchmarks.Soak;

// "latency [--rows 5:8:1,10:4:2] [--opus-application restricted-lowdelay] [--notes N]" measures end-to-end note latency per queue setting; "sessions" what a session costs against Csound
// and Opus alone and how many fit on this machine; "startramp [--victims N] [--ramp N] [--rounds N]" what starting
// sessions costs the sessions already playing; "soak [cycles]" the bytes a session lifecycle leaves behind (10 000
// cycles unless given); "janus" what publishing to Janus costs the host and what its fan-out costs Janus;
// "sandbox [seconds]" a sandboxed session beside an in-process one (60 s unless given); "sandbox-weight [sessions]"
// memory and create + start time per session, sandboxed beside in-process (8 of each unless given); "sandbox-capacity
// [--max 24] [--step 4] [--seconds 10]" underruns of as many sessions of each isolation, ramped in steps; "browser [--minutes N]
// [--notes N] [--only latency|rtp|continuity|lowlatency|lowlatency-continuity]" note-on latency and continuity as headless Chromium hears the real host;
// "loss [--seconds N] [--losses 5,10,20] [--no-burst]" what RED does for Chromium behind a lossy link (as root);
// anything else goes to BenchmarkDotNet.
if (args is ["latency", ..])
{
    await LatencyTable.RunAsync(args[1..]);
    return;
}

if (args is ["sessions", ..])
{
    await SessionsBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["startramp", ..])
{
    await StartRampBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["janus", ..])
{
    await JanusBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["sandbox-weight", ..])
{
    await SandboxWeightBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["sandbox-capacity", ..])
{
    await SandboxCapacityBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["sandbox", ..])
{
    await SandboxBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["browser", ..])
{
    await BrowserBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["loss", ..])
{
    await RedLossBenchmark.RunAsync(args[1..]);
    return;
}

if (args is ["soak", ..])
{
    await SessionSoak.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
    return;
}

// Not typeof(Program): the host the soak mode references has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(LatencyTable).Assembly).Run(args);
