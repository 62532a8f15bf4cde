using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orchestron.Streaming.Dtls;
using Orchestron.Streaming.Ice;
using Orchestron.Streaming.Sdp;
using Orchestron.Streaming.Stun;

namespace Orchestron.WebRtc.Tests.Ice;

/// <summary>
/// Headless Chromium offers recvonly audio, accepts our answer, and reaches connectionState "connected" through our
/// ICE-lite agent and DTLS session: the browser's own verdict on the answer, the checks and the handshake.
/// </summary>
public sealed class ChromiumIceDtlsInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private const string MakeOffer = """
        (async () => {
          window.pc = new RTCPeerConnection();
          pc.addTransceiver('audio', { direction: 'recvonly' });
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') resolve();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 5000);
          });
          return pc.localDescription.sdp;
        })()
        """;

    [Fact]
    public async Task Chromium_connects_through_our_answer_ice_lite_and_dtls()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        socket.ReceiveTimeout = 100;
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        using var certificate = DtlsCertificate.Generate();
        using var context = new DtlsContext(certificate);
        var credentials = IceCredentials.Generate();
        var candidates = HostCandidateEnumerator.Enumerate(port, new HostCandidateOptions { IncludeLoopback = true, IncludeIPv6 = false });
        using var browser = new ChromiumPage();
        await browser.ConnectAsync(Deadline);

        var offerText = await browser.EvaluateAsync(MakeOffer, Deadline);
        var offer = SdpSessionDescription.Parse(offerText);
        var answer = SdpAnswerBuilder.Build(offer, new SdpAnswerOptions(credentials, certificate.Fingerprint, candidates));
        var agent = new IceLiteAgent(credentials, answer.RemoteIceUfrag);
        EndPoint? dtlsPeer = null;
        using var session = new DtlsSession(context, answer.DtlsRole, answer.RemoteFingerprint, d => socket.SendTo(d, SocketFlags.None, dtlsPeer!));
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => Serve(socket, agent, session, p => dtlsPeer = p, stop.Token));

        var accepted = await browser.EvaluateAsync(
            $"pc.setRemoteDescription({{ type: 'answer', sdp: {JsonSerializer.Serialize(answer.Sdp)} }}).then(() => 'ok', e => 'ERR ' + e)",
            Deadline);
        Assert.Equal("ok", accepted);

        var state = "new";
        var until = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < until && state is not ("connected" or "failed" or "closed"))
        {
            await Task.Delay(200);
            state = await browser.EvaluateAsync("pc.connectionState", Deadline);
        }

        var iceState = await browser.EvaluateAsync("pc.iceConnectionState", Deadline);
        await stop.CancelAsync();
        await server;

        Assert.True(state == "connected", $"Chromium: {state}, ICE {iceState}; our DTLS {session.State} {session.FailureReason}; checks {agent.AcceptedChecks} accepted, {agent.RejectedChecks} rejected");
        Assert.Equal(DtlsSessionState.Connected, session.State);
        Assert.True(agent.IsNominated);
        Assert.NotNull(session.SrtpKeys);
    }

    private static void Serve(Socket socket, IceLiteAgent agent, DtlsSession session, Action<EndPoint?> setPeer, CancellationToken stop)
    {
        var buffer = new byte[2048];
        var response = new byte[StunConstants.MaxMessageLength];
        while (!stop.IsCancellationRequested)
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
                    var selected = agent.SelectedRemoteEndPoint;
                    if (selected is not null)
                    {
                        setPeer(selected);
                        session.ProcessDatagram(buffer.AsSpan(0, length));
                    }

                    break;
            }
        }
    }
}
