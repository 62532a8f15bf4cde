using Orchestron.Host.Security;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Sessions;

namespace Orchestron.Host.Tests.Security;

/// <summary>The session tokens: what each opens, and that they live and die with their session.</summary>
public sealed class SessionTokensTests
{
    [Fact]
    public void Tokens_are_256_random_bits_in_hex_and_never_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SecretToken.Create()).ToList();

        Assert.All(tokens, token => Assert.Matches("^[0-9a-f]{64}$", token));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task The_control_token_controls_the_listen_token_listens_and_nothing_else_opens_the_session()
    {
        await using var host = InProcessSessions.Build();
        var store = host.Get<SessionTokens>();
        var a = host.Manager.Create("nocturne", null);
        var b = host.Manager.Create("nocturne", null);

        Assert.Equal(SessionAccess.Control, store.Check(a.Id, a.Grant.ControlToken));
        Assert.Equal(SessionAccess.Listen, store.Check(a.Id, a.Grant.ListenToken));
        Assert.Equal(SessionAccess.None, store.Check(a.Id, b.Grant.ControlToken));
        Assert.Equal(SessionAccess.None, store.Check(a.Id, a.Grant.ControlToken[..^1]));
        Assert.Equal(SessionAccess.None, store.Check(a.Id, a.Grant.ControlToken + "0"));
        Assert.Equal(SessionAccess.None, store.Check(a.Id, a.Grant.ControlToken.ToUpperInvariant()));
        Assert.Equal(SessionAccess.None, store.Check(a.Id, null));
        Assert.Equal(SessionAccess.None, store.Check("c", a.Grant.ControlToken));
    }

    [Fact]
    public async Task A_deleted_sessions_tokens_open_nothing_and_the_others_keep_theirs()
    {
        await using var host = InProcessSessions.Build();
        var store = host.Get<SessionTokens>();
        var deleted = host.Manager.Create("nocturne", null);
        var kept = host.Manager.Create("nocturne", null);

        await host.Manager.DeleteAsync(deleted.Id);
        var later = host.Manager.Create("nocturne", null);

        Assert.Equal(SessionAccess.None, store.Check(deleted.Id, deleted.Grant.ControlToken));
        Assert.False(store.OpensAny(deleted.Grant.ListenToken, [deleted.Id, kept.Id, later.Id]));
        Assert.Equal(SessionAccess.Control, store.Check(kept.Id, kept.Grant.ControlToken));
        Assert.True(store.OpensAny(later.Grant.ListenToken, [deleted.Id, kept.Id, later.Id]));
    }

    [Fact]
    public void Grants_never_print_their_tokens()
    {
        var grant = new SessionGrant("a", SecretToken.Create(), SecretToken.Create());

        Assert.DoesNotContain(grant.ControlToken, grant.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(grant.ListenToken, grant.ToString(), StringComparison.Ordinal);
    }
}
