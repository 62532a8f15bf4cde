// Times MIDI note-ons from inside the page, so both ends read one clock: performance.now() just before the
// fetch that posts the note-on, and the onset the onset-detector worklet reports. The onset is given twice:
// when its message reached the page (an upper bound on when Web Audio had it) and when the AudioContext's
// output timestamp says that sample leaves for the sound device. The time the host took to answer the post
// comes along, to tell the request's share from the audio path's.
window.noteLatency = (() => {
  let silent = false;
  let onset = null;
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

  const until = async (condition, timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) return false;
      await sleep(2);
    }
    return true;
  };

  const post = async (sessionId, controlToken, message) => {
    if (window.useControlChannel) {
      window.controlChannel.sendMidi(message);
      return;
    }
    const response = await fetch(`/api/sessions/${sessionId}/midi-event`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${controlToken}` },
      body: JSON.stringify({ message }),
    });
    if (response.status !== 202) throw new Error(`MIDI refused: ${response.status} ${await response.text()}`);
  };

  const attach = () => {
    const context = window.audioContext;
    // The RTP listener's track gets a second onset tap before Web Audio (track-tap.js); the low-latency path has none.
    if (window.remoteStream) window.trackTap?.start(window.remoteStream.getAudioTracks()[0]);
    window.analysisNode.port.onmessage = event => {
      const receivedAt = performance.now();
      if (event.data.type === 'silence') {
        silent = true;
        return;
      }

      silent = false;
      const stamp = context.getOutputTimestamp();
      const atOutput = stamp.performanceTime + ((event.data.frame / context.sampleRate) - stamp.contextTime) * 1000;
      onset = { receivedAt, atOutput };
    };
  };

  // One note: wait for silence, a random pause so note-ons fall anywhere within the host's frame, the
  // note-on, its onset, then the note-off and silence again. Null when no onset came within two seconds.
  const measure = async (sessionId, controlToken, note) => {
    if (!(await until(() => silent, 3000))) throw new Error('the track never fell silent');
    await sleep(200 + Math.random() * 100);
    onset = null;
    window.trackTap?.reset();
    const sent = performance.now();
    await post(sessionId, controlToken, [0x90, note, 100]);
    const answered = performance.now() - sent;
    const heard = await until(() => onset !== null, 2000);
    // sentEpoch places the note on the machine's wall clock, where a packet capture on loopback can find it.
    // The onset in the track itself, before Web Audio (track-tap.js), when the page has that tap.
    const inTrack = window.trackTap?.onsetAt();
    const result = heard
      ? {
          answered,
          toPage: onset.receivedAt - sent,
          toOutput: onset.atOutput - sent,
          toTrack: inTrack == null ? null : inTrack - sent,
          sentEpoch: performance.timeOrigin + sent,
        }
      : null;
    await sleep(150);
    await post(sessionId, controlToken, [0x80, note, 0]);
    return result;
  };

  return { attach, measure };
})();
