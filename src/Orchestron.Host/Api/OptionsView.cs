using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Api;

/// <summary>Turns sessions into their API shape, with the host's audio mode.</summary>
public sealed class OptionsView(OrchestronHostOptions options)
{
    /// <summary>The API shape of a session.</summary>
    public SessionResponse Describe(HostSession session) => new(
        session.Id,
        session.InstrumentId,
        StateName(session.State),
        options.AudioOutputMode == AudioOutputMode.Local ? "local" : "streaming",
        session.CreatedAt,
        session.Error)
    {
        Isolation = IsolationName(session.Isolation),
    };

    /// <summary>How the API names an isolation: <c>in-process</c> or <c>sandbox</c>.</summary>
    internal static string IsolationName(SessionIsolation isolation) => isolation == SessionIsolation.Sandbox ? "sandbox" : "in-process";

    internal static string StateName(SessionState state) => state.ToString().ToLowerInvariant();
}
