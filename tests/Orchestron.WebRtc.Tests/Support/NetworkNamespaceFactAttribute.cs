using Orchestron.Testing.Network;

namespace Orchestron.WebRtc.Tests.Support;

/// <summary>A fact that needs network namespaces; skipped, with the reason, where they cannot be made.</summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (NetworkNamespaceSupport.UnavailableReason is { } reason)
        {
            Skip = "Network namespaces cannot be made here: " + reason;
        }
    }
}

/// <summary>A theory that needs network namespaces; skipped, with the reason, where they cannot be made.</summary>
public sealed class NetworkNamespaceTheoryAttribute : TheoryAttribute
{
    public NetworkNamespaceTheoryAttribute()
    {
        if (NetworkNamespaceSupport.UnavailableReason is { } reason)
        {
            Skip = "Network namespaces cannot be made here: " + reason;
        }
    }
}
