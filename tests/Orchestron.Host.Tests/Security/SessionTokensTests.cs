using Orchestron.Host.Security;

namespace Orchestron.Host.Tests.Security;

/// <summary>The token store on its own: what each token opens, and what it forgets.</summary>
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
    public void The_control_token_controls_the_listen_token_listens_and_nothing_else_opens_the_session()
    {
        var store = new SessionTokens();
        var grant = store.Issue("a", Exists("a"));
        var other = store.Issue("b", Exists("a", "b"));

        Assert.Equal(SessionAccess.Control, store.Check("a", grant.ControlToken));
        Assert.Equal(SessionAccess.Listen, store.Check("a", grant.ListenToken));
        Assert.Equal(SessionAccess.None, store.Check("a", other.ControlToken));
        Assert.Equal(SessionAccess.None, store.Check("a", grant.ControlToken[..^1]));
        Assert.Equal(SessionAccess.None, store.Check("a", grant.ControlToken + "0"));
        Assert.Equal(SessionAccess.None, store.Check("a", grant.ControlToken.ToUpperInvariant()));
        Assert.Equal(SessionAccess.None, store.Check("a", null));
        Assert.Equal(SessionAccess.None, store.Check("c", grant.ControlToken));
    }

    [Fact]
    public void Revoked_and_vanished_sessions_tokens_open_nothing()
    {
        var store = new SessionTokens();
        var revoked = store.Issue("a", Exists("a"));
        var vanished = store.Issue("b", Exists("a", "b"));
        store.Revoke("a");

        store.Issue("c", Exists("c"));

        Assert.Equal(SessionAccess.None, store.Check("a", revoked.ControlToken));
        Assert.Equal(SessionAccess.None, store.Check("b", vanished.ControlToken));
        Assert.False(store.OpensAny(vanished.ListenToken, ["a", "b", "c"]));
    }

    [Fact]
    public void Grants_never_print_their_tokens()
    {
        var grant = new SessionTokens().Issue("a", Exists("a"));

        Assert.DoesNotContain(grant.ControlToken, grant.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(grant.ListenToken, grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pruning_keeps_the_grants_of_sessions_that_still_exist()
    {
        var store = new SessionTokens();
        var live = new HashSet<string> { "a" };
        store.Issue("a", live.Contains);
        live.Add("b");
        var concurrent = store.Issue("b", live.Contains);

        store.Issue("c", id => live.Contains(id) || id == "c");

        Assert.Equal(SessionAccess.Control, store.Check("b", concurrent.ControlToken));
    }

    private static Func<string, bool> Exists(params string[] ids) => ids.Contains;
}
