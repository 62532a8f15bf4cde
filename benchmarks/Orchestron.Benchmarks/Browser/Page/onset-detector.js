// Finds note onsets in the received track, sample-exact: the first sample above -20 dBFS once a whole render
// quantum has stayed below -40 dBFS RMS. Arming only after silence keeps a note's own waveform, or codec
// noise after it, from counting as a second onset. Frames are counted on the AudioContext's clock.
const onsetLevel = 0.1; // -20 dBFS
const silenceLevel = 0.01; // -40 dBFS

class OnsetDetector extends AudioWorkletProcessor {
  constructor() {
    super();
    this.armed = false;
  }

  process(inputs) {
    const samples = inputs[0]?.[0];
    if (!samples) return true;
    // A quantum in which a note starts does not re-arm, however little of the note it holds.
    if (this.armed) {
      for (let i = 0; i < samples.length; i++) {
        if (Math.abs(samples[i]) > onsetLevel) {
          this.armed = false;
          this.port.postMessage({ type: 'onset', frame: currentFrame + i });
          return true;
        }
      }
    }

    let energy = 0;
    for (let i = 0; i < samples.length; i++) energy += samples[i] * samples[i];
    if (!this.armed && Math.sqrt(energy / samples.length) < silenceLevel) {
      this.armed = true;
      this.port.postMessage({ type: 'silence', frame: currentFrame });
    }

    return true;
  }
}

registerProcessor('onset-detector', OnsetDetector);
