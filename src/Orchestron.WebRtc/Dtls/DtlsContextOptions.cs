using Orchestron.WebRtc.Dtls.OpenSsl;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls;

/// <summary>Settings shared by every session of a <see cref="DtlsContext"/>.</summary>
public sealed class DtlsContextOptions
{
    /// <summary>The SRTP profiles offered or accepted, most preferred first. GCM, then AES-CM-HMAC-SHA1-80 by default.</summary>
    public IList<SrtpProtectionProfile> SrtpProfiles { get; } = [SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.Aes128CmHmacSha1_80];

    /// <summary>
    /// The largest datagram a session writes (DTLS records plus their headers). 1200 bytes fits the paths WebRTC
    /// expects, with room for IPv6 and tunnel overheads.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 1200;

    internal void Validate()
    {
        if (SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP profile is required.", nameof(SrtpProfiles));
        }

        foreach (var profile in SrtpProfiles)
        {
            if (OpenSslSrtpProfiles.NameOf(profile) is null)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(SrtpProfiles),
                    profile,
                    $"Unsupported SRTP protection profile 0x{(int)profile:X4}; supported are Aes128CmHmacSha1_80 (0x0001) and AeadAes128Gcm (0x0007).");
            }
        }

        if (MaxDatagramSize is < 576 or > 65507)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDatagramSize), MaxDatagramSize, "MaxDatagramSize must be between 576 and 65507 bytes.");
        }
    }
}
