using System.Net.Sockets;
using Orchestron.Csound;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Sessions;

/// <summary>What the library's failures mean to a client of the API: each becomes a <see cref="SessionException"/> with its status.</summary>
internal static class SessionFailures
{
    /// <summary>
    /// A stream the factory could not make: the sandbox cannot run here (503), or the code does not compile (422,
    /// with Csound's lines); anything else is returned unchanged.
    /// </summary>
    public static Exception FromCreate(Exception error) => error switch
    {
        SandboxUnavailableException unavailable => new SessionException(
            SessionProblem.Unavailable, "Sandbox unavailable", $"This session must run sandboxed, and the sandbox cannot run on this host: {unavailable.Reason}."),
        // A compile error, or text Csound could not take as a CSD at all: either way, the code is at fault.
        CsoundException csound => new SessionException(SessionProblem.InvalidCsound, "The Csound code does not compile", csound.Message, csound.CsoundMessages),
        _ => error,
    };

    /// <summary>A start that failed (the UDP bind, the Opus encoder, the DTLS certificate, Csound, the worker).</summary>
    public static SessionException FromStart(Exception error) => error switch
    {
        SessionException session => session,
        SocketException or { InnerException: SocketException } => new SessionException(
            SessionProblem.Unavailable, "Media transport unavailable", "The WebRTC UDP port could not be opened: " + error.Message),
        _ => SessionException.Conflict("Session could not start", error.Message),
    };
}
