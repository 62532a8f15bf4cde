// The low-latency player's ring of decoded stereo audio, read at a playback rate a little above or below 1.
//
// The page's AudioContext and the host's pacer are two clocks, and packets reach the page with jitter, so the
// audio queued in the ring wanders. Instead of skipping or repeating samples to hold it, the reader resamples:
// it reads at rate 1 + offset (the offset a few hundred parts per million at most), interpolating between
// samples with a 4-point cubic Hermite, so the stream stays continuous in amplitude and phase while the fill
// moves back towards its target. At rate 1 with no fractional position the reader copies samples exactly.
//
// Plain module with no audio API: the worklet uses it on the audio thread, tests drive it directly.

export const CAPACITY = 48000; // one second of stereo audio at 48 kHz
export const FADE = 32; // samples of fade in, fade out or crossfade at a discontinuity that cannot be avoided

// Samples the interpolation needs after the read position (and one before it, kept in the ring).
const LOOKAHEAD = 2;

export class PlayoutRing {
  constructor(capacity = CAPACITY) {
    this.capacity = capacity;
    this.left = new Float32Array(capacity);
    this.right = new Float32Array(capacity);
    this.read = 0; // index of the sample at the read position
    this.frac = 0; // fractional position past it, 0 <= frac < 1
    this.fill = 0; // samples from the read position to the write end
    this.overflows = 0;
  }

  // Samples that can still be played before the ring runs dry (the interpolator's look-ahead excluded).
  get playable() {
    return Math.max(0, this.fill - LOOKAHEAD) - this.frac;
  }

  push(left, right) {
    const length = Math.min(left.length, right.length);
    if (this.fill + length > this.capacity - 1) {
      // Far more than any reserve: the page was starved of the audio thread; drop the oldest.
      this.overflows++;
      this.skip(this.fill + length - this.capacity + 1);
    }
    let write = (this.read + this.fill) % this.capacity;
    for (let i = 0; i < length; i++) {
      this.left[write] = left[i];
      this.right[write] = right[i];
      write = write + 1 === this.capacity ? 0 : write + 1;
    }
    this.fill += length;
    return length;
  }

  // A frame nobody has (lost, not rebuilt): the last sample faded to silence, for its length.
  pushSilence(samples) {
    const length = Math.max(0, Math.min(samples, this.capacity - 1 - this.fill));
    const start = (this.read + this.fill) % this.capacity;
    const before = (start + this.capacity - 1) % this.capacity;
    const fromLeft = this.fill > 0 ? this.left[before] : 0;
    const fromRight = this.fill > 0 ? this.right[before] : 0;
    for (let i = 0; i < length; i++) {
      const gain = i < FADE ? 1 - ((i + 1) / FADE) : 0;
      const at = (start + i) % this.capacity;
      this.left[at] = fromLeft * gain;
      this.right[at] = fromRight * gain;
    }
    this.fill += length;
    return length;
  }

  // Whether `count` samples can be read at `rate` without running dry.
  canRead(count, rate) {
    return this.frac + (count * rate) <= this.fill - LOOKAHEAD;
  }

  // Writes `count` samples from `offset` into the outputs at `rate` (1 + a small offset); the caller checked
  // canRead. Returns the last samples written, for a fade that may follow.
  readInto(outLeft, outRight, offset, count, rate) {
    const cap = this.capacity;
    const left = this.left;
    const right = this.right;
    let read = this.read;
    let frac = this.frac;
    let consumed = 0;
    for (let i = offset; i < offset + count; i++) {
      if (frac === 0) {
        outLeft[i] = left[read];
        outRight[i] = right[read];
      } else {
        const a = read === 0 ? cap - 1 : read - 1;
        const c = read + 1 === cap ? 0 : read + 1;
        const d = c + 1 === cap ? 0 : c + 1;
        outLeft[i] = hermite(left[a], left[read], left[c], left[d], frac);
        outRight[i] = hermite(right[a], right[read], right[c], right[d], frac);
      }
      frac += rate;
      while (frac >= 1) {
        frac -= 1;
        read = read + 1 === cap ? 0 : read + 1;
        consumed++;
      }
    }
    this.read = read;
    this.frac = frac;
    this.fill -= consumed;
  }

  // Plays out what is left (a late packet): as many samples as can be read, then what was last played faded to
  // silence. Returns the samples that were missing. Leaves the ring empty at a whole-sample position.
  drainInto(outLeft, outRight, count, rate) {
    let available = 0;
    while (available < count && this.canRead(available + 1, rate)) available++;
    this.readInto(outLeft, outRight, 0, available, rate);
    const lastLeft = available > 0 ? outLeft[available - 1] : 0;
    const lastRight = available > 0 ? outRight[available - 1] : 0;
    for (let i = available; i < count; i++) {
      const gain = Math.max(0, 1 - ((i - available + 1) / FADE));
      outLeft[i] = lastLeft * gain;
      outRight[i] = lastRight * gain;
    }
    this.skip(this.fill);
    this.frac = 0;
    return count - available;
  }

  // Moves the read position forward by `samples` (whole samples), the fractional position kept.
  skip(samples) {
    const n = Math.max(0, Math.min(samples, this.fill));
    this.read = (this.read + n) % this.capacity;
    this.fill -= n;
    return n;
  }

  // Skips `samples` with a short crossfade from the audio at the read position into the audio after the skip,
  // so that the step is a blend rather than a click. Returns the samples skipped.
  skipWithCrossfade(samples) {
    const n = Math.min(samples, this.fill - FADE - LOOKAHEAD);
    if (n <= 0) return 0;
    for (let i = 0; i < FADE; i++) {
      const near = (this.read + i) % this.capacity;
      const far = (this.read + n + i) % this.capacity;
      const gain = (i + 1) / (FADE + 1);
      this.left[far] = (this.left[near] * (1 - gain)) + (this.left[far] * gain);
      this.right[far] = (this.right[near] * (1 - gain)) + (this.right[far] * gain);
    }
    return this.skip(n);
  }

  // Fades the next FADE samples in from silence (playback resuming after the ring ran dry).
  fadeIn() {
    const n = Math.min(FADE, this.fill);
    for (let i = 0; i < n; i++) {
      const at = (this.read + i) % this.capacity;
      const gain = (i + 1) / (FADE + 1);
      this.left[at] *= gain;
      this.right[at] *= gain;
    }
  }
}

// 4-point, 3rd-order Hermite (Catmull-Rom) interpolation between x0 and x1 at t in [0, 1).
function hermite(xm1, x0, x1, x2, t) {
  const c1 = 0.5 * (x1 - xm1);
  const c2 = xm1 - (2.5 * x0) + (2 * x1) - (0.5 * x2);
  const c3 = (0.5 * (x2 - xm1)) + (1.5 * (x0 - x1));
  return (((((c3 * t) + c2) * t) + c1) * t) + x0;
}
