using System.Globalization;
using Orchestron.Host.Configuration;
using Orchestron.Streaming;
using Orchestron.Streaming.Engine;

namespace Orchestron.Host.Sessions;

/// <summary>What a client is told when the render pool's CPU is the reason for a refusal.</summary>
internal static class CpuShareRefusal
{
    /// <summary>The 429 for a note-on to a session held to its CPU share: a new voice would only cost more.</summary>
    public static SessionException NoteOn(SessionCpuShare share) => new(
        SessionProblem.TooManyRequests,
        "Over its CPU share",
        string.Create(
            CultureInfo.InvariantCulture,
            $"The session used its share of the render pool ({share.Limit:0.###} of a core, {CpuShareSettings.SessionCpuShare.EnvironmentVariable}) and is held to it; this note-on was not played. A session held for {CpuShareSettings.SessionOverShareSeconds.EnvironmentVariable} seconds without a break is stopped."))
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>Whether a note-on to <paramref name="engine"/> must be refused because the session is held to its share.</summary>
    public static bool Refuses(ICsoundStream? stream, out SessionCpuShare share)
    {
        share = stream?.CpuShare ?? default;
        return share.IsHeld;
    }
}
