namespace Orchestron.Host.Sessions;

/// <summary>Why a request about a session cannot be served, and the HTTP status that says so.</summary>
public enum SessionProblem
{
    /// <summary>No session has that identifier (404).</summary>
    NotFound,

    /// <summary>The session is not in a state that allows the request (409).</summary>
    Conflict,

    /// <summary>The request's content is invalid (400).</summary>
    InvalidRequest,

    /// <summary>The Csound code does not compile (422).</summary>
    InvalidCsound,

    /// <summary>The request's content is larger than accepted (413).</summary>
    TooLarge,

    /// <summary>The request's body did not arrive in time (408).</summary>
    RequestTimeout,

    /// <summary>The same request came too often; try again shortly (429).</summary>
    TooManyRequests,

    /// <summary>A resource the host needs is not available now; a retry may succeed (503).</summary>
    Unavailable,

    /// <summary>A server the host relies on (Janus) refused or garbled the request (502).</summary>
    BadGateway,
}

/// <summary>A request about a session that cannot be served; the endpoints turn it into ProblemDetails.</summary>
public sealed class SessionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">The kind of problem, which decides the HTTP status.</param>
    /// <param name="title">A short summary for people.</param>
    /// <param name="detail">What exactly is wrong.</param>
    /// <param name="errors">Messages from Csound or the SDP parser, when there are several.</param>
    public SessionException(SessionProblem problem, string title, string detail, IReadOnlyList<string>? errors = null)
        : base(detail)
    {
        Problem = problem;
        Title = title;
        Errors = errors ?? [];
    }

    /// <summary>The kind of problem.</summary>
    public SessionProblem Problem { get; }

    /// <summary>A short summary for people.</summary>
    public string Title { get; }

    /// <summary>Messages from Csound or the SDP parser.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>When a retry may succeed, for a 429 or 503; sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    internal static SessionException NotFound(string id) =>
        new(SessionProblem.NotFound, "Session not found", $"There is no session '{Truncate(id)}'.");

    internal static SessionException Conflict(string title, string detail) => new(SessionProblem.Conflict, title, detail);

    internal static SessionException Invalid(string title, string detail) => new(SessionProblem.InvalidRequest, title, detail);

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
