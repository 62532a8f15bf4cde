using Orchestron.WebRtc.Turn;

namespace Orchestron.Testing.Network;

/// <summary>
/// A host at home: a "home" namespace behind a masquerading "router", Debian's coturn in "internet", and a
/// "listener" beyond it. Every namespace has a route to every other, so only the router's NAT stands between the
/// listener and home; coturn relays for home and may reach only the listener.
/// </summary>
public sealed class HomeBehindNatNetwork : IDisposable
{
    private HomeBehindNatNetwork(TestNetwork network)
    {
        Network = network;
        Home = network.AddNamespace("home");
        Router = network.AddNamespace("router");
        Internet = network.AddNamespace("internet");
        Listener = network.AddNamespace("listener");
        HomeLink = network.Connect(Home, Router);
        UpLink = network.Connect(Router, Internet);
        ListenerLink = network.Connect(Internet, Listener);
        network.EnableForwarding(Router);
        network.EnableForwarding(Internet);
        network.AddRoute(Home, UpLink, HomeLink.SecondAddress);
        network.AddRoute(Home, ListenerLink, HomeLink.SecondAddress);
        network.AddRoute(Router, ListenerLink, UpLink.SecondAddress);
        network.AddRoute(Internet, HomeLink, UpLink.FirstAddress);
        network.AddRoute(Listener, HomeLink, ListenerLink.FirstAddress);
        network.AddRoute(Listener, UpLink, ListenerLink.FirstAddress);
        Router.MasqueradeFrom(HomeLink);
    }

    public TestNetwork Network { get; }

    public NetworkNamespace Home { get; }

    public NetworkNamespace Router { get; }

    public NetworkNamespace Internet { get; }

    public NetworkNamespace Listener { get; }

    /// <summary>Home first, the router's inside second.</summary>
    public NetworkLink HomeLink { get; }

    /// <summary>The router's outside first, the internet second: coturn listens at the second address for home.</summary>
    public NetworkLink UpLink { get; }

    /// <summary>The internet first (coturn's relay address), the listener second.</summary>
    public NetworkLink ListenerLink { get; }

    /// <summary>coturn in the internet namespace; set by <see cref="CreateAsync"/>.</summary>
    public NamespacedCoturn Coturn { get; private set; } = null!;

    /// <summary>Credentials for home's allocation, made from coturn's secret by the TURN REST scheme.</summary>
    public TurnRestCredentials Credentials { get; private set; } = null!;

    /// <summary>Builds the namespaces, links, routes and NAT and starts coturn; everything is removed again if a step fails.</summary>
    /// <param name="coturnConfiguration">The turnserver.conf coturn runs with.</param>
    public static async Task<HomeBehindNatNetwork> CreateAsync(string coturnConfiguration)
    {
        var network = new TestNetwork();
        HomeBehindNatNetwork? home = null;
        try
        {
            home = new HomeBehindNatNetwork(network);
            home.Coturn = await NamespacedCoturn.StartAsync(
                coturnConfiguration, home.Internet, [home.UpLink.SecondAddress, home.ListenerLink.FirstAddress],
                relayAddress: home.ListenerLink.FirstAddress, allowedPeer: home.ListenerLink.SecondAddress,
                probeFrom: home.Router, probeAddress: home.UpLink.SecondAddress);
            home.Credentials = TurnRestCredentials.Create(home.Coturn.Secret, "orchestron", TimeSpan.FromHours(1));
            return home;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Coturn?.Dispose();
        Network.Dispose();
    }
}
