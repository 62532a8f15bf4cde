using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Stun;

/// <summary>Sends one datagram to the STUN server without blocking; false when it was dropped.</summary>
internal delegate bool StunDatagramSender(ReadOnlySpan<byte> datagram);

/// <summary>
/// Asks a STUN server (RFC 8489 Binding) what address a socket is seen as from outside: the server-reflexive
/// address of a host behind NAT. Runs over a socket shared with other traffic: <see cref="StunDatagramSender"/> sends
/// to the server, and the socket's owner hands every datagram from the server to <see cref="TryTakeServerDatagram"/>.
/// </summary>
/// <remarks>
/// A request is retransmitted as <see cref="StunRetransmissions"/> says, until the timeout; an error response, an answer without
/// XOR-MAPPED-ADDRESS or a wrong FINGERPRINT, and silence end in a <see cref="StunBindingException"/> that says which.
/// Binding requests carry no credentials (a STUN server answers anyone), so the answer is trusted as far as the
/// path to the server is: it names an address to offer, never one to send to.
/// </remarks>
internal sealed class StunBindingClient
{
    private readonly StunDatagramSender _send;
    private readonly IPEndPoint _server;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new(StringComparer.Ordinal);
    private long _ignoredDatagrams;

    public StunBindingClient(IPEndPoint server, StunDatagramSender send)
    {
        _server = server;
        _send = send;
    }

    /// <summary>Datagrams from the server that answered no request under way.</summary>
    public long IgnoredDatagrams => Interlocked.Read(ref _ignoredDatagrams);

    /// <summary>One Binding transaction: the address the server saw the request come from.</summary>
    /// <exception cref="StunBindingException">The server refused, answered garbage or did not answer within <paramref name="timeout"/>.</exception>
    public async Task<IPEndPoint> QueryAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var transactionId = RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);
        var key = Convert.ToHexString(transactionId);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            var retransmissions = new StunRetransmissions(timeout);
            while (retransmissions.TryNext(out var wait))
            {
                Send(transactionId);
                try
                {
                    var response = await answer.Task.WaitAsync(wait, cancellationToken);
                    return Read(response);
                }
                catch (TimeoutException)
                {
                    // Sent again with the next wait, or the transaction fails.
                }
            }

            throw new StunBindingException(
                $"STUN server {_server} did not answer a Binding request within {timeout.TotalSeconds:0.#} s ({IgnoredDatagrams} datagrams that were no answer ignored).");
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Takes one datagram from the server when it answers a request under way; false otherwise, so that a TURN client
    /// on the same server can have it. <paramref name="countIgnored"/> counts one taken by nobody.
    /// </summary>
    public bool TryTakeServerDatagram(ReadOnlySpan<byte> datagram, bool countIgnored)
    {
        if (StunMessageReader.TryParse(datagram, out var message)
            && _pending.TryGetValue(Convert.ToHexString(message.TransactionId), out var answer))
        {
            answer.TrySetResult(datagram.ToArray());
            return true;
        }

        if (countIgnored)
        {
            Interlocked.Increment(ref _ignoredDatagrams);
        }

        return false;
    }

    private void Send(ReadOnlySpan<byte> transactionId)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddFingerprint();
        _send(writer.WrittenSpan);
    }

    private IPEndPoint Read(byte[] response)
    {
        StunMessageReader.TryParse(response, out var message);
        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            throw new StunBindingException($"STUN server {_server} answered a Binding request with a wrong FINGERPRINT.");
        }

        if (message.MessageType == StunMessageType.BindingErrorResponse)
        {
            message.TryGetErrorCode(out var code, out var reason);
            throw new StunBindingException($"STUN server {_server} refused a Binding request: {code} {System.Text.Encoding.UTF8.GetString(reason)}".TrimEnd());
        }

        if (message.MessageType != StunMessageType.BindingSuccessResponse
            || !message.TryGetXorMappedAddress(out var mapped) || mapped is null)
        {
            throw new StunBindingException($"STUN server {_server} answered a Binding request without an XOR-MAPPED-ADDRESS (message type 0x{message.RawMessageType:x4}).");
        }

        return mapped;
    }
}
