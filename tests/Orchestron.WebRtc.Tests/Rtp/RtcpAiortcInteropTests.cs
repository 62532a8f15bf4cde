using System.Diagnostics;
using System.Text.Json;
using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc.Tests.Rtp;

/// <summary>
/// RTCP exchanged with aiortc's RTCP implementation (Debian python3-aiortc): its receiver reports feed our
/// statistics, and it parses our sender-report, SDES and BYE compound.
/// </summary>
public sealed class RtcpAiortcInteropTests
{
    private const uint Ours = 0x0A0B0C0D;
    private const uint Listener = 0x55667788;

    private static string RunPython(string script, string input)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(input);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aiortc script failed (exit {process.ExitCode}): {errors}");
        }

        return output.Trim();
    }

    [Fact]
    public void An_aiortc_receiver_report_compound_fills_our_statistics()
    {
        const string script = """
            import sys
            from aiortc.rtp import RtcpRrPacket, RtcpReceiverInfo, RtcpSdesPacket, RtcpSourceInfo, RtcpByePacket
            ours, listener = 0x0A0B0C0D, 0x55667788
            rr = RtcpRrPacket(ssrc=listener, reports=[
                RtcpReceiverInfo(ssrc=0x99, fraction_lost=1, packets_lost=1, highest_sequence=1, jitter=1, lsr=0, dlsr=0),
                RtcpReceiverInfo(ssrc=ours, fraction_lost=51, packets_lost=-2, highest_sequence=70123,
                                 jitter=240, lsr=0x00020000, dlsr=0x00008000)])
            sdes = RtcpSdesPacket(chunks=[RtcpSourceInfo(ssrc=listener, items=[(1, b"{aiortc-listener}")])])
            bye = RtcpByePacket(sources=[listener])
            print((bytes(rr) + bytes(sdes) + bytes(bye)).hex())
            """;
        var compound = Convert.FromHexString(RunPython(script, ""));
        var statistics = new RtcpReceptionStatistics();
        var arrival = (3UL << 32) | 0x4000_0000UL; // 3.25 s: RTT = 3.25 - 2 - 0.5 = 0.75 s

        Assert.Equal(RtcpParseError.None, RtcpReceiverReportProcessor.Process(compound, Ours, arrival, statistics));

        var s = statistics.Snapshot;
        Assert.Equal(1, s.ReportsReceived);
        Assert.Equal(Listener, s.ReporterSsrc);
        Assert.Equal(51 / 256.0, s.FractionLost);
        Assert.Equal(-2, s.CumulativeLost);
        Assert.Equal(70_123u, s.ExtendedHighestSequence);
        Assert.Equal(5.0, s.JitterMilliseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(750), s.RoundTripTime);
        Assert.True(s.GoodbyeReceived);
    }

    [Fact]
    public void Aiortc_parses_our_sender_report_sdes_and_bye_compound()
    {
        var sender = new RtcpSenderInfo(Ours, 0xE8000000_12345678, 0x00BB_8000, 1_234, 567_890);
        var buffer = new byte[128];
        var length = RtcpWriter.WriteGoodbyeCompound(buffer, sender, "orchestron-cname");

        const string script = """
            import json, sys
            from aiortc.rtp import RtcpPacket
            out = []
            for p in RtcpPacket.parse(bytes.fromhex(sys.argv[1])):
                name = type(p).__name__
                if name == "RtcpSrPacket":
                    i = p.sender_info
                    out.append({"type": name, "ssrc": p.ssrc, "ntp": i.ntp_timestamp, "rtp": i.rtp_timestamp,
                                "packets": i.packet_count, "octets": i.octet_count, "reports": len(p.reports)})
                elif name == "RtcpSdesPacket":
                    out.append({"type": name, "ssrc": p.chunks[0].ssrc,
                                "items": [[t, v.decode()] for t, v in p.chunks[0].items]})
                else:
                    out.append({"type": name, "sources": p.sources})
            print(json.dumps(out))
            """;
        using var parsed = JsonDocument.Parse(RunPython(script, Convert.ToHexString(buffer, 0, length)));
        var packets = parsed.RootElement;

        Assert.Equal(3, packets.GetArrayLength());
        var sr = packets[0];
        Assert.Equal("RtcpSrPacket", sr.GetProperty("type").GetString());
        Assert.Equal(Ours, sr.GetProperty("ssrc").GetUInt32());
        Assert.Equal(0xE8000000_12345678UL, sr.GetProperty("ntp").GetUInt64());
        Assert.Equal(0x00BB_8000u, sr.GetProperty("rtp").GetUInt32());
        Assert.Equal(1_234u, sr.GetProperty("packets").GetUInt32());
        Assert.Equal(567_890u, sr.GetProperty("octets").GetUInt32());
        Assert.Equal(0, sr.GetProperty("reports").GetInt32());

        var sdes = packets[1];
        Assert.Equal("RtcpSdesPacket", sdes.GetProperty("type").GetString());
        Assert.Equal(Ours, sdes.GetProperty("ssrc").GetUInt32());
        Assert.Equal(1, sdes.GetProperty("items")[0][0].GetInt32());
        Assert.Equal("orchestron-cname", sdes.GetProperty("items")[0][1].GetString());

        var bye = packets[2];
        Assert.Equal("RtcpByePacket", bye.GetProperty("type").GetString());
        Assert.Equal(Ours, bye.GetProperty("sources")[0].GetUInt32());
    }
}
