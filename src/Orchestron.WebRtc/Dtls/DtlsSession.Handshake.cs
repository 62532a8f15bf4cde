using Orchestron.WebRtc.Dtls.OpenSsl;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls;

/// <summary>The handshake: when it finishes, the peer is checked against the SDP before any key leaves OpenSSL.</summary>
public sealed partial class DtlsSession
{
    private void Handshake()
    {
        var result = _connection.Handshake(out var sslError);
        if (result == OpenSslIoResult.Done)
        {
            // Check the peer's certificate before our final flight leaves: a peer that does not match the SDP
            // never receives our Finished, so it never believes the connection is up.
            CompleteHandshake();
            if (_state == DtlsSessionState.Connected)
            {
                FlushOutgoing();

                // The peer may have sent application data right behind its last flight, in the same datagram.
                if (ApplicationDataReceiver is not null)
                {
                    DrainApplicationData();
                    OpenSslErrors.Clear();
                    FlushOutgoing();
                }
            }
            else
            {
                _connection.DiscardOutgoing();
            }

            return;
        }

        FlushOutgoing();
        if (result != OpenSslIoResult.WantMore)
        {
            Fail($"The DTLS handshake failed ({OpenSslDtlsConnection.DescribeSslError(sslError)}): {OpenSslErrors.Drain() ?? "no detail from OpenSSL"}.");
        }
    }

    private void CompleteHandshake()
    {
        try
        {
            if (VerifyPeerCertificate() && SelectedProfile() is { } profile)
            {
                SrtpKeys = ExportKeys(profile);
                _minimumProtectedRecord = DtlsProtectedRecordLength.For(_connection.CipherName);
                _state = DtlsSessionState.Connected;
            }
        }
        catch (OpenSslException e)
        {
            Fail(e.Message);
        }
    }

    // WebRTC trusts the certificate the SDP names by its fingerprint, not a chain (RFC 8827 section 6.5).
    private bool VerifyPeerCertificate()
    {
        var der = _connection.GetPeerCertificate();
        if (der is null)
        {
            Fail("The peer presented no certificate.");
            return false;
        }

        RemoteCertificateFingerprint = DtlsFingerprint.Compute(der, _remoteFingerprint.Algorithm);
        if (!_remoteFingerprint.Matches(der))
        {
            Fail($"The peer's certificate fingerprint {RemoteCertificateFingerprint} does not match the SDP's {_remoteFingerprint}.");
            return false;
        }

        return true;
    }

    // OpenSSL only selects from what the context offered, but the check keeps that promise explicit: keys are
    // exported only for a profile this session was configured to accept.
    private SrtpProtectionProfile? SelectedProfile()
    {
        if (_connection.SelectedSrtpProfileId is not { } id)
        {
            Fail("The peer negotiated no SRTP protection profile (use_srtp).");
            return null;
        }

        // The enum's values are the IANA DTLS-SRTP ids, so the negotiated id names the profile directly.
        var profile = (SrtpProtectionProfile)id;
        if (!_allowedProfiles.Contains(profile))
        {
            Fail($"The peer selected SRTP protection profile 0x{id:X4}, which is not offered.");
            return null;
        }

        return profile;
    }

    private DtlsSrtpKeys ExportKeys(SrtpProtectionProfile profile)
    {
        Span<byte> material = stackalloc byte[DtlsSrtpKeyExport.MaterialLength(profile)];
        _connection.ExportKeyingMaterial(DtlsSrtpKeyExport.Label, material);
        return DtlsSrtpKeyExport.Split(profile, material, Role);
    }
}
