using System.Globalization;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// The overhead figures measured in alternating rounds: each round takes the floor (Csound and Opus in tight
/// loops), the same work paced on one thread, one listened session and one session nobody listens to, back to
/// back. A machine whose speed drifts over minutes (a shared host, a CPU changing clock) moves the measurements of
/// one round together, so a ratio taken within a round is steadier than one taken between measurements minutes
/// apart; the median over rounds is what the run reports.
/// </summary>
internal static class OverheadRounds
{
    public static async Task RunAsync(UdpMediaTransport server, PacingRecorder pacing, int rounds, int seconds)
    {
        Console.WriteLine("| round | Csound alone | Opus alone | floor | paced floor | listened session | idle session | listened / floor | listened / paced floor | idle / Csound |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var listenedRatios = new List<double>();
        var pacedRatios = new List<double>();
        var idleRatios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var (csound, opus) = SessionsBenchmark.MeasureFloor(seconds);
            var floor = csound + opus;
            var pacedFloor = PacedCsoundFloor.Measure(SessionsBenchmark.NewInstance, seconds, 20, encode: true);
            var listened = (await SessionsBenchmark.RunSessionsAsync(server, pacing, 1, listeners: true, seconds)).PerSession(c => c.Engine);
            var idle = (await SessionsBenchmark.RunSessionsAsync(server, pacing, 1, listeners: false, seconds)).PerSession(c => c.Engine);
            listenedRatios.Add(listened / floor);
            pacedRatios.Add(listened / pacedFloor);
            idleRatios.Add(idle / csound);
            Console.WriteLine(Text(
                $"| {round} | {csound:0.00} | {opus:0.00} | {floor:0.00} | {pacedFloor:0.00} | {listened:0.00} | {idle:0.00} | {listened / floor:0.000} | {listened / pacedFloor:0.000} | {idle / csound:0.000} |"));
        }

        Console.WriteLine(Text(
            $"\nmedians over {rounds} rounds: listened session {Median(listenedRatios):0.000} x the floor (goal <= 1.10), {Median(pacedRatios):0.000} x the paced floor; idle session {Median(idleRatios):0.000} x Csound alone (goal <= 1.10)"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
