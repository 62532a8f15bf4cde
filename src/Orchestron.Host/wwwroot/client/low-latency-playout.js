// The low-latency player's logic for one render quantum, without the AudioWorklet around it: frames and lost-frame
// notices go in as they arrive, and each quantum is read from the ring (low-latency-ring.js) at the rate the
// reserve controller (low-latency-reserve.js) sets. The worklet wraps it; tests drive it with made-up arrivals.

import { PlayoutRing } from './low-latency-ring.js';
import { ReserveController } from './low-latency-reserve.js';

export class LowLatencyPlayout {
  // frameSamples: the path's frame; sampleRate: the AudioContext's; reserve: ReserveController options to override.
  constructor({ frameSamples = 240, sampleRate = 48000, reserve = {} } = {}) {
    this.ring = new PlayoutRing();
    this.controller = new ReserveController({ frameSamples, sampleRate, ...reserve });
    this.playing = false;
    this.received = 0;
  }

  // A decoded frame arrived at audio frame `now`; `timestamp` is its sender's 48 kHz timestamp.
  frame(now, left, right, timestamp) {
    const samples = Math.min(left.length, right.length);
    this.controller.arrive(now, typeof timestamp === 'number' ? timestamp : this.controller.writeEnd ?? 0, samples);
    this.received += this.ring.push(left, right);
  }

  // A frame neither received nor rebuilt: silence of its length, so the timeline stays whole.
  lost(samples) {
    this.controller.fillGap(this.ring.pushSilence(samples));
  }

  // Fills one quantum of output at audio frame `now`.
  render(now, outLeft, outRight) {
    const quantum = outLeft.length;
    const ring = this.ring;
    const controller = this.controller;
    let fill = ring.fill - ring.frac;

    if (!this.playing) {
      const skip = controller.startSkip(now, fill);
      if (skip < 0) {
        outLeft.fill(0);
        if (outRight !== outLeft) outRight.fill(0);
        return;
      }
      ring.skip(skip);
      ring.fadeIn();
      this.playing = true;
      fill = ring.fill - ring.frac;
    }

    const rate = controller.rate(now, fill);
    if (ring.canRead(quantum, rate)) {
      ring.readInto(outLeft, outRight, 0, quantum, rate);
      const trim = controller.excessToTrim();
      if (trim > 0) controller.recordTrim(ring.skipWithCrossfade(trim));
    } else {
      controller.shortfall(ring.drainInto(outLeft, outRight, quantum, rate));
      this.playing = false;
    }
  }

  // The counters and the controller's state, as the worklet reports them.
  status() {
    const state = this.controller.snapshot();
    return {
      fill: this.ring.fill,
      playing: this.playing,
      received: this.received,
      overflows: this.ring.overflows,
      // The names the page has always shown: a shortfall is what was an underrun.
      underruns: state.shortfalls,
      ...state,
    };
  }
}
