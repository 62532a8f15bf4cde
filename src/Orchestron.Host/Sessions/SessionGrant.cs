using System.Security.Cryptography;

namespace Orchestron.Host.Sessions;

/// <summary>The two capabilities issued with a new session, made with it and gone with it; only its creator receives them.</summary>
/// <param name="SessionId">The session they open.</param>
/// <param name="ControlToken">Lets its holder control the session and listen to it.</param>
/// <param name="ListenToken">Lets its holder listen only; safe to share as a listen link.</param>
public sealed record SessionGrant(string SessionId, string ControlToken, string ListenToken)
{
    /// <summary>Random bytes per token: 256 bits, far beyond guessing.</summary>
    public const int TokenBytes = 32;

    /// <summary>Fresh tokens for a new session.</summary>
    public static SessionGrant Issue(string sessionId) => new(sessionId, NewToken(), NewToken());

    /// <summary>A new token: <see cref="TokenBytes"/> bytes from the system's cryptographic generator, as lowercase hex.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <inheritdoc />
    public override string ToString() => $"SessionGrant {{ SessionId = {SessionId}, ControlToken = ***, ListenToken = *** }}";
}
