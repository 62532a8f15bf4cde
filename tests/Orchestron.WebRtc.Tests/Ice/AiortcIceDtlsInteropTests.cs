using System.Net;
using System.Net.Sockets;
using Orchestron.Streaming.Dtls;
using Orchestron.Streaming.Ice;
using Orchestron.Streaming.Sdp;
using Orchestron.Streaming.Stun;

namespace Orchestron.WebRtc.Tests.Ice;

/// <summary>
/// aiortc, a complete WebRTC stack, connects to our SDP answer, ICE-lite agent and DTLS session over real UDP: the
/// whole signalling and key-exchange path short of media.
/// </summary>
public sealed class AiortcIceDtlsInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void Aiortc_connects_through_our_answer_ice_lite_and_dtls_and_we_derive_keys()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        socket.ReceiveTimeout = 100;
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        using var certificate = DtlsCertificate.Generate();
        using var context = new DtlsContext(certificate);
        var credentials = IceCredentials.Generate();
        var candidates = HostCandidateEnumerator.Enumerate(port, new HostCandidateOptions { IncludeLoopback = true, IncludeIPv6 = false });
        using var peer = new AiortcPeer();

        var offer = SdpSessionDescription.Parse(peer.WaitForOffer(Deadline));
        var answer = SdpAnswerBuilder.Build(offer, new SdpAnswerOptions(credentials, certificate.Fingerprint, candidates));
        var agent = new IceLiteAgent(credentials, answer.RemoteIceUfrag);
        EndPoint? dtlsPeer = null;
        using var session = new DtlsSession(context, answer.DtlsRole, answer.RemoteFingerprint, d => socket.SendTo(d, SocketFlags.None, dtlsPeer!));
        peer.SendAnswer(answer.Sdp);

        var buffer = new byte[2048];
        var response = new byte[StunConstants.MaxMessageLength];
        void Serve(Func<bool> done)
        {
            var until = DateTime.UtcNow + Deadline;
            while (DateTime.UtcNow < until && !done() && !peer.HasExited)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length;
                try
                {
                    length = socket.ReceiveFrom(buffer, ref from);
                }
                catch (SocketException exception) when (exception.SocketErrorCode is SocketError.TimedOut or SocketError.ConnectionReset)
                {
                    continue;
                }

                var remote = (IPEndPoint)from;
                switch (DatagramClassifier.Classify(buffer.AsSpan(0, length)))
                {
                    case DatagramKind.Stun:
                        if (agent.ProcessBindingRequest(buffer.AsSpan(0, length), remote, response, out var responseLength) == IceCheckOutcome.Accepted)
                        {
                            socket.SendTo(response.AsSpan(0, responseLength), SocketFlags.None, remote);
                        }

                        break;
                    case DatagramKind.Dtls:
                        dtlsPeer = agent.SelectedRemoteEndPoint;
                        if (dtlsPeer is not null)
                        {
                            session.ProcessDatagram(buffer.AsSpan(0, length));
                        }

                        break;
                }
            }
        }

        Serve(() => session.State is not (DtlsSessionState.New or DtlsSessionState.Connecting)
            && (peer.Reported("STATE connected") || peer.Reported("STATE failed") || peer.Reported("STATE timeout")));

        Assert.True(peer.Reported("ANSWER-ACCEPTED"), peer.Output);
        Assert.True(peer.Reported("STATE connected"), $"aiortc did not connect; DTLS {session.State} {session.FailureReason}\n{peer.Output}");
        Assert.Equal(DtlsSessionState.Connected, session.State);
        Assert.True(agent.AcceptedChecks > 0);
        Assert.True(agent.IsNominated);
        Assert.NotNull(session.SrtpKeys);
        Assert.Equal(DtlsRole.Server, answer.DtlsRole);

        peer.Close();
        Serve(() => session.State == DtlsSessionState.Closed);
        Assert.Equal(DtlsSessionState.Closed, session.State);
    }
}
