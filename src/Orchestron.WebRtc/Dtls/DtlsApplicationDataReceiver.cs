namespace Orchestron.WebRtc.Dtls;

/// <summary>Takes the plaintext of one DTLS application data record, valid only during the call.</summary>
internal delegate void DtlsApplicationDataReceiver(ReadOnlySpan<byte> plaintext);
