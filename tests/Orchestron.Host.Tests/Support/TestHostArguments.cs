using System.Globalization;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Support;

/// <summary>What every host a test builds in this process is given unless the test says otherwise.</summary>
internal static class TestHostArguments
{
    private const string PlayingLimit = "--max-playing-sessions";

    /// <summary>
    /// Gives the host a fixed playing limit (the largest allowed) when the test set none. Left to measurement
    /// (the default, "auto"), admission reads the load of the process's one streaming engine, which in a test
    /// process carries the sessions of every test running alongside: a start could then be refused for another
    /// test's load. The tests of admission itself set their own limit.
    /// </summary>
    public static string[] FixPlayingLimit(string[] args, IReadOnlyDictionary<string, string?>? environment) =>
        args.Contains(PlayingLimit) || environment?.ContainsKey("VISUALCSOUND_MAX_PLAYING_SESSIONS") == true
            ? args
            : [.. args, PlayingLimit, SessionLimits.MaxMaxSessions.ToString(CultureInfo.InvariantCulture)];
}
