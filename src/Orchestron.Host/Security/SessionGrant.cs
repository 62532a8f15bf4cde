namespace Orchestron.Host.Security;

/// <summary>The two capabilities issued with a new session; only its creator receives them.</summary>
/// <param name="SessionId">The session they open.</param>
/// <param name="ControlToken">Lets its holder control the session and listen to it.</param>
/// <param name="ListenToken">Lets its holder listen only; safe to share as a listen link.</param>
public sealed record SessionGrant(string SessionId, string ControlToken, string ListenToken)
{
    /// <inheritdoc />
    public override string ToString() => $"SessionGrant {{ SessionId = {SessionId}, ControlToken = ***, ListenToken = *** }}";
}
