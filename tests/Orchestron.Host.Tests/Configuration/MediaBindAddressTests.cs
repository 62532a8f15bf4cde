using System.Net;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

public sealed class MediaBindAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::", "0.0.0.0")]
    [InlineData("example.internal", "0.0.0.0")]
    public void Media_binds_the_address_http_serves_or_every_interface(string httpHost, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), MediaBindAddress.For(httpHost));
    }
}
