namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>How one step of an <see cref="OpenSslDtlsConnection"/> ended.</summary>
internal enum OpenSslIoResult
{
    /// <summary>The step is complete (the handshake finished, or an application data record was read).</summary>
    Done,

    /// <summary>OpenSSL waits for more datagrams from the peer (or for its timer).</summary>
    WantMore,

    /// <summary>The peer sent close_notify.</summary>
    Closed,

    /// <summary>OpenSSL failed; its error queue and the SSL error code say why.</summary>
    Failed,
}
