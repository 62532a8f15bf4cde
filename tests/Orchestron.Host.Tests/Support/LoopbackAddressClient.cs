using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Orchestron.Host.Tests.Support;

/// <summary>
/// HTTP clients that reach the host from another loopback address (127.0.0.2, 127.0.0.3, ...): Linux routes the
/// whole 127.0.0.0/8 to the loopback interface, so each address is a distinct client to the host's per-address
/// limits without any network of the test's own.
/// </summary>
internal static class LoopbackAddressClient
{
    /// <summary>The address 127.0.0.<paramref name="lastByte"/>.</summary>
    public static IPAddress Address(int lastByte) => new([127, 0, 0, (byte)lastByte]);

    /// <summary>A client whose connections to <paramref name="host"/> come from 127.0.0.<paramref name="lastByte"/>.</summary>
    public static HttpClient Create(RunningHost host, int lastByte, string? bearerToken = null)
    {
        var source = Address(lastByte);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = host.Address };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }
}
