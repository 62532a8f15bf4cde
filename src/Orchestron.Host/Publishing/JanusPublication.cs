using Orchestron.Host.Sessions;
using Orchestron.Streaming;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Host.Publishing;

/// <summary>A session published to Janus: the stream it forwards from and, per server, its mountpoint and forward.</summary>
internal sealed record JanusPublication(string SessionId, ICsoundStream Stream, IReadOnlyList<JanusMountpoint> Mountpoints);

/// <summary>One mountpoint on one Janus server, the handle that made it, and the forward that feeds it.</summary>
internal sealed record JanusMountpoint(JanusNode Node, long Handle, long Id, string Secret, int RtpPort, int RtcpPort, RtpForward Forward);

/// <summary>A browser watching a mountpoint through its own streaming-plugin handle.</summary>
internal sealed record JanusViewer(string Id, string SessionId, JanusNode Node, long Handle);
