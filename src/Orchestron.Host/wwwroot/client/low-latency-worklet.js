// Plays the low-latency path's decoded frames on the audio thread (the logic is low-latency-playout.js).
//
// The ring is read at a playback rate that the reserve controller (low-latency-reserve.js) sets once per render
// quantum: from the frames' lateness it keeps a small reserve, and it reaches and holds that reserve, and absorbs
// the drift between the sender's clock and this AudioContext's, by playing up to 0.04 % faster or slower, never by
// skipping or repeating audio. Only a real stall (a quantum that finds the ring empty) is played as a fade to
// silence, and playback then resumes, faded in, at the reserve; a margin that stays more than 50 ms above the
// reserve for a second is cut back with a short crossfade. A frame the page reports lost (neither it nor the next packet's copy
// arrived) becomes silence of its length, faded, so that the timeline stays whole.

import { LowLatencyPlayout } from './low-latency-playout.js';

const STATUS_QUANTA = 94; // about four status messages a second

class LowLatencyPlayer extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const settings = options.processorOptions ?? {};
    this.playout = new LowLatencyPlayout({ frameSamples: settings.frameSamples ?? 240, sampleRate, reserve: settings.reserve ?? {} });
    this.quanta = 0;
    this.port.onmessage = (event) => this.onMessage(event.data);
  }

  onMessage(message) {
    if (message.type === 'frame') {
      this.playout.frame(currentFrame, message.left, message.right, message.timestamp);
    } else if (message.type === 'lost') {
      this.playout.lost(message.samples);
    }
  }

  process(_inputs, outputs) {
    const output = outputs[0];
    this.playout.render(currentFrame, output[0], output[1] ?? output[0]);
    if (++this.quanta % STATUS_QUANTA === 0) {
      this.port.postMessage({ type: 'status', ...this.playout.status() });
    }
    return true;
  }
}

registerProcessor('orchestron-low-latency-player', LowLatencyPlayer);
