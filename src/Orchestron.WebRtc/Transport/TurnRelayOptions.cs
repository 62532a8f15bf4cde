using System.Net;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// A TURN server through which the transport offers a relayed candidate (a host behind NAT is reachable there):
/// its UDP address and either fixed long-term credentials or, with <see cref="WithSharedSecret"/>, the server's
/// TURN REST secret, from which the transport makes fresh time-limited credentials for every Allocate.
/// </summary>
/// <param name="Server">The TURN server's UDP address.</param>
/// <param name="Username">The long-term user name (for a shared secret, the first credentials made from it).</param>
/// <param name="Password">The long-term password.</param>
public sealed record TurnRelayOptions(IPEndPoint Server, string Username, string Password)
{
    /// <summary>The label of credentials made from a shared secret; coturn logs it as the user.</summary>
    public const string CredentialLabel = "orchestron-host";

    /// <summary>Timeouts and refresh period of the client.</summary>
    public TurnClientOptions Client { get; init; } = new();

    /// <summary>The TURN REST secret the credentials are made from; null for fixed credentials.</summary>
    public string? SharedSecret { get; private init; }

    /// <summary>How long credentials made from <see cref="SharedSecret"/> are valid; they are made anew for each Allocate.</summary>
    public TimeSpan CredentialLifetime { get; private init; }

    /// <summary>
    /// A TURN server that checks TURN REST credentials (coturn's <c>use-auth-secret</c>): each Allocate, the first
    /// and any after the relay was lost, gets credentials made from <paramref name="sharedSecret"/> at that moment,
    /// valid for <paramref name="credentialLifetime"/>. An allocation keeps the user name it was made with (RFC 8656
    /// binds it to the allocation; coturn answers a Refresh under another one with 441) and is refreshed with it
    /// for as long as the transport runs; a 438 stale nonce is answered with the new nonce.
    /// </summary>
    /// <param name="server">The TURN server's UDP address.</param>
    /// <param name="sharedSecret">coturn's <c>static-auth-secret</c>.</param>
    /// <param name="credentialLifetime">How long each set of credentials is valid: one minute to seven days.</param>
    /// <exception cref="ArgumentException">The secret is empty or the lifetime out of range.</exception>
    public static TurnRelayOptions WithSharedSecret(IPEndPoint server, string sharedSecret, TimeSpan credentialLifetime)
    {
        ArgumentNullException.ThrowIfNull(server);
        var first = TurnRestCredentials.Create(sharedSecret, CredentialLabel, credentialLifetime);
        return new TurnRelayOptions(server, first.Username, first.Credential)
        {
            SharedSecret = sharedSecret,
            CredentialLifetime = credentialLifetime,
        };
    }

    /// <summary>The credentials for the next Allocate: made now from the secret, or the fixed ones.</summary>
    internal (string Username, string Password) CredentialsForAllocate()
    {
        if (SharedSecret is null)
        {
            return (Username, Password);
        }

        var fresh = TurnRestCredentials.Create(SharedSecret, CredentialLabel, CredentialLifetime);
        return (fresh.Username, fresh.Credential);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"TurnRelayOptions {{ Server = {Server}, Username = {Username}, Password = ***{(SharedSecret is null ? "" : ", SharedSecret = ***")} }}";
}
