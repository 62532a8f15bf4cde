using System.Buffers.Binary;
using System.Diagnostics;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>
/// Runs libsrtp (the reference C implementation, through Debian's python3-pylibsrtp that aiortc uses) over a
/// batch of packets, so our SRTP can be checked against a real peer in both directions.
/// </summary>
internal static class LibsrtpPeer
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import struct, sys
        from pylibsrtp import Policy, Session

        mode, profile, key_hex, kind, source, target = sys.argv[1:]
        profile = int(profile)
        inbound = mode == "unprotect"
        policy = Policy(key=bytes.fromhex(key_hex),
                        ssrc_type=Policy.SSRC_ANY_INBOUND if inbound else Policy.SSRC_ANY_OUTBOUND,
                        srtp_profile=profile)
        session = Session(policy=policy)
        operation = {
            ("protect", "rtp"): session.protect, ("protect", "rtcp"): session.protect_rtcp,
            ("unprotect", "rtp"): session.unprotect, ("unprotect", "rtcp"): session.unprotect_rtcp,
        }[(mode, kind)]
        data = open(source, "rb").read()
        out = bytearray()
        offset = 0
        while offset < len(data):
            (length,) = struct.unpack_from(">H", data, offset)
            packet = data[offset + 2: offset + 2 + length]
            offset += 2 + length
            try:
                result = operation(packet)
            except Exception:
                result = b""
            out += struct.pack(">H", len(result)) + result
        open(target, "wb").write(out)
        """;

    /// <summary>Applies libsrtp's protect or unprotect to every packet; a refused packet comes back empty.</summary>
    public static List<byte[]> Run(string mode, int profile, byte[] masterKeyAndSalt, string kind, IReadOnlyList<byte[]> packets)
    {
        var directory = Directory.CreateTempSubdirectory("orchestron-libsrtp-");
        try
        {
            var script = Path.Combine(directory.FullName, "peer.py");
            var source = Path.Combine(directory.FullName, "in.bin");
            var target = Path.Combine(directory.FullName, "out.bin");
            File.WriteAllText(script, Script);
            File.WriteAllBytes(source, Frame(packets));

            var start = new ProcessStartInfo(Python) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { script, mode, profile.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexString(masterKeyAndSalt), kind, source, target })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
            var errors = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"libsrtp peer failed (exit {process.ExitCode}): {errors}");
            }

            return Unframe(File.ReadAllBytes(target));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static byte[] Frame(IReadOnlyList<byte[]> packets)
    {
        using var stream = new MemoryStream();
        Span<byte> prefix = stackalloc byte[2];
        foreach (var packet in packets)
        {
            BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)packet.Length);
            stream.Write(prefix);
            stream.Write(packet);
        }

        return stream.ToArray();
    }

    private static List<byte[]> Unframe(byte[] data)
    {
        var packets = new List<byte[]>();
        for (var offset = 0; offset < data.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
            packets.Add(data.AsSpan(offset + 2, length).ToArray());
            offset += 2 + length;
        }

        return packets;
    }
}
