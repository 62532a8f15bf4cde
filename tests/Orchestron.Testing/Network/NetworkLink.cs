using System.Net;

namespace Orchestron.Testing.Network;

/// <summary>A veth pair between two namespaces of a <see cref="TestNetwork"/>, with one address at each end.</summary>
/// <param name="First">The namespace of the first end.</param>
/// <param name="FirstAddress">The first end's address (a /30 in 10.0.0.0/8, existing only inside the namespaces).</param>
/// <param name="Second">The namespace of the second end.</param>
/// <param name="SecondAddress">The second end's address.</param>
public sealed record NetworkLink(NetworkNamespace First, IPAddress FirstAddress, NetworkNamespace Second, IPAddress SecondAddress);
