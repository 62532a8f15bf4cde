// A second tap on the received track, before Web Audio: MediaStreamTrackProcessor hands the page each chunk the
// track's sinks get when Chromium's playout pulls NetEQ (10 ms at a time). The onset is the first chunk with a sample
// above -20 dBFS after a chunk below -40 dBFS RMS, timed when the chunk reached the page's script. Beside the
// worklet's onset it splits what follows NetEQ: the track's delivery, then Web Audio's FIFO and render quantum.
window.trackTap = (() => {
  let armed = false;
  let onsetAt = null;

  const samplesOf = (data) => {
    const frames = data.numberOfFrames;
    try {
      const samples = new Float32Array(frames);
      data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
      return samples;
    } catch {
      // A browser that cannot convert: read the chunk in its own format (16-bit interleaved from WebRTC).
      const raw = new Int16Array(frames * data.numberOfChannels);
      data.copyTo(raw, { planeIndex: 0 });
      return Float32Array.from(raw, value => value / 32768);
    }
  };

  const start = (track) => {
    if (typeof MediaStreamTrackProcessor === 'undefined') return false;
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const arrived = performance.now();
        const samples = samplesOf(value);
        value.close();
        let energy = 0;
        let loud = false;
        for (let i = 0; i < samples.length; i++) {
          energy += samples[i] * samples[i];
          loud ||= Math.abs(samples[i]) > 0.1;
        }
        if (armed && loud) {
          armed = false;
          onsetAt = arrived;
        } else if (Math.sqrt(energy / samples.length) < 0.01) {
          armed = true;
        }
      }
    })();
    return true;
  };

  return { start, reset: () => { onsetAt = null; }, onsetAt: () => onsetAt };
})();
