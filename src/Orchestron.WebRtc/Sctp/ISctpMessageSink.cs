namespace Orchestron.WebRtc.Sctp;

/// <summary>Where an association hands what it received, and tells of its end; called with the caller's lock held.</summary>
internal interface ISctpMessageSink
{
    /// <summary>The four-way handshake completed.</summary>
    void OnEstablished();

    /// <summary>One whole user message, valid only during the call.</summary>
    void OnMessage(ushort stream, uint ppid, ReadOnlySpan<byte> message);

    /// <summary>The peer reset its outgoing <paramref name="stream"/> (RFC 6525): the channel on it is closing.</summary>
    void OnIncomingStreamReset(ushort stream);

    /// <summary>The association ended (ABORT, SHUTDOWN, a protocol violation); nothing more is sent or received.</summary>
    void OnTerminated(string reason);
}
