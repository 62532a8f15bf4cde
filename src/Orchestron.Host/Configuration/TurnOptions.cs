namespace Orchestron.Host.Configuration;

/// <summary>
/// A TURN server that shares a secret with this host (coturn's <c>use-auth-secret</c>), so the host can hand
/// browsers time-limited credentials instead of a fixed password.
/// </summary>
/// <param name="Urls">The <c>turn:</c>/<c>turns:</c> URLs handed to browsers.</param>
/// <param name="Secret">The shared secret (coturn's <c>static-auth-secret</c>).</param>
/// <param name="CredentialLifetime">How long an issued credential stays valid.</param>
public sealed record TurnOptions(IReadOnlyList<string> Urls, string Secret, TimeSpan CredentialLifetime)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"TurnOptions {{ Urls = [{string.Join(", ", Urls)}], Secret = ***, CredentialLifetime = {CredentialLifetime} }}";
}
