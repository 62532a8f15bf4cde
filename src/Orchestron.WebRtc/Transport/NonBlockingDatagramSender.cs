using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// Sends datagrams from the media path without ever blocking or allocating.
/// </summary>
/// <remarks>
/// <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> waits (and allocates an operation
/// to wait on) when the kernel cannot take a datagram at once. The pacer is the session's clock and must not
/// wait on the network, so on Linux and macOS this calls <c>sendto</c> with <c>MSG_DONTWAIT</c>: a datagram the
/// kernel cannot queue is dropped and counted, as UDP would drop it a hop later. Elsewhere the runtime's call is used.
/// </remarks>
internal sealed class NonBlockingDatagramSender
{
    private readonly Socket _socket;
    private readonly int _dontWaitFlag;
    private long _dropped;

    internal NonBlockingDatagramSender(Socket socket)
    {
        _socket = socket;
        _dontWaitFlag = OperatingSystem.IsLinux() ? Interop.Libc.MsgDontWaitLinux
            : OperatingSystem.IsMacOS() ? Interop.Libc.MsgDontWaitApple
            : 0;
    }

    /// <summary>Datagrams the kernel would not take at once, or that failed to send.</summary>
    internal long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Sends one datagram; false (and counted) when it could not be sent at once.</summary>
    internal bool Send(ReadOnlySpan<byte> datagram, SocketAddress address)
    {
        var sent = _dontWaitFlag != 0 ? SendNative(datagram, address) : SendManaged(datagram, address);
        if (!sent)
        {
            Interlocked.Increment(ref _dropped);
        }

        return sent;
    }

    private unsafe bool SendNative(ReadOnlySpan<byte> datagram, SocketAddress address)
    {
        // The reference keeps the descriptor open for the duration of the call, so a concurrent Dispose can
        // never let this write to a descriptor number the process has since reused.
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var native = address.Buffer.Span;
            fixed (byte* buffer = datagram)
            fixed (byte* sockaddr = native)
            {
                var result = Interop.Libc.SendTo(
                    handle.DangerousGetHandle(), buffer, (nuint)datagram.Length, _dontWaitFlag, sockaddr, (uint)address.Size);
                return result == datagram.Length;
            }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private bool SendManaged(ReadOnlySpan<byte> datagram, SocketAddress address)
    {
        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, address) == datagram.Length;
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
