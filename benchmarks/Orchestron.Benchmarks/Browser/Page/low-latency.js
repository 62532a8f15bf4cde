// Listens to a session the way the browser client does on its low-latency path: the client's own module (served
// by the host) opens the audio data channel on the peer connection before the offer, decodes with WebCodecs and
// plays from its worklet into this page's AudioContext, where the analysis worklet taps the player's output. The
// RTP track arrives too, muted, as in the client.
window.listenLowLatency = async (sessionId, listenToken, workletModule, processorName) => {
  const { LowLatencyAudio, lowLatencySupported } = await import('/client/low-latency-audio.js');
  if (!(await lowLatencySupported())) throw new Error('this Chromium has no WebCodecs Opus decoder');
  const config = await (await fetch('/api/runtime-config', { headers: { authorization: `Bearer ${listenToken}` } })).json();
  if (!config.lowLatencyAudio) throw new Error('the host has the low-latency path off');
  const context = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
  const path = new LowLatencyAudio({ ...config.lowLatencyAudio, context });
  const pc = new RTCPeerConnection();
  pc.addTransceiver('audio', { direction: 'recvonly' });
  path.open(pc);
  if (window.useControlChannel) window.controlChannel.open(pc);
  const active = new Promise((resolve, reject) => {
    path.addEventListener('active', resolve, { once: true });
    setTimeout(() => reject(new Error('the low-latency path never became active')), 20000);
  });
  const track = new Promise(resolve => pc.ontrack = event => resolve(event.streams[0] ?? new MediaStream([event.track])));
  await negotiate(pc, sessionId, listenToken);
  const player = document.getElementById('player');
  player.muted = true;
  player.srcObject = await track;
  await player.play();
  await active;
  const module = await (await fetch(workletModule)).text();
  await context.audioWorklet.addModule(URL.createObjectURL(new Blob([module], { type: 'text/javascript' })));
  const node = new AudioWorkletNode(context, processorName);
  path.node.connect(node);
  path.node.connect(context.destination);
  node.connect(context.destination);
  await context.resume();
  window.pc = pc;
  window.audioContext = context;
  window.analysisNode = node;
  window.lowLatencyPath = path;
  return { sampleRate: context.sampleRate, baseLatency: context.baseLatency, outputLatency: context.outputLatency };
};

// The path's own counters, the low-latency counterpart of inboundAudio().
window.lowLatencyStats = () => window.lowLatencyPath.stats();
