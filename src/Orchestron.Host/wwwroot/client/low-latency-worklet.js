// Plays the low-latency path's decoded frames from a ring, on the audio thread.
//
// The ring keeps a reserve: playback starts once that much audio is queued, so that a packet arriving a little
// late still finds audio ahead of it. The reserve adapts: a quantum that finds the ring short (a late packet)
// plays what there is, fades out, counts the missing samples as concealed and grows the reserve by one frame;
// after two steady seconds (no shortfall) it shrinks by half a millisecond. Latency follows the reserve: when
// the ring has held more than the reserve (and a quantum of slack) for a whole quarter second, for instance after
// a stall delivered a burst of packets at once, the excess is skipped in one step with a short crossfade. A frame
// the page reports lost (neither it nor the next packet's copy arrived) becomes silence of its length, faded, so
// that the timeline stays whole.

const CAPACITY = 48000; // one second of stereo audio at 48 kHz
const FADE = 32;
const STEADY_QUANTA = 750; // 2 s of 128-sample quanta without a shortfall before the reserve shrinks
const SHRINK_STEP = 24;
const STATUS_QUANTA = 94; // about four status messages a second
const TRIM_QUANTA = 94; // a quarter second of fill watched before the excess over the reserve is skipped
const SLACK = 128;

class LowLatencyPlayer extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const settings = options.processorOptions ?? {};
    this.left = new Float32Array(CAPACITY);
    this.right = new Float32Array(CAPACITY);
    this.read = 0;
    this.fill = 0;
    this.frameSamples = settings.frameSamples ?? 240;
    this.minReserve = settings.minReserve ?? 128;
    this.maxReserve = settings.maxReserve ?? 2400;
    this.reserve = settings.reserve ?? Math.max(this.minReserve, 2 * this.frameSamples);
    this.playing = false;
    this.steady = 0;
    this.quanta = 0;
    this.lastLeft = 0;
    this.lastRight = 0;
    this.underruns = 0;
    this.concealed = 0;
    this.skipped = 0;
    this.received = 0;
    this.overflows = 0;
    this.trimQuanta = 0;
    this.minFill = Infinity;
    this.port.onmessage = (event) => this.onMessage(event.data);
  }

  onMessage(message) {
    if (message.type === 'frame') {
      this.push(message.left, message.right);
    } else if (message.type === 'lost') {
      this.pushSilence(message.samples);
    }
  }

  push(left, right) {
    const length = Math.min(left.length, right.length);
    if (this.fill + length > CAPACITY) {
      // Far more than any reserve: the page was starved of the audio thread; drop the oldest.
      this.overflows++;
      const excess = this.fill + length - CAPACITY;
      this.read = (this.read + excess) % CAPACITY;
      this.fill -= excess;
    }
    let write = (this.read + this.fill) % CAPACITY;
    for (let i = 0; i < length; i++) {
      this.left[write] = left[i];
      this.right[write] = right[i];
      write = write + 1 === CAPACITY ? 0 : write + 1;
    }
    this.fill += length;
    this.received += length;
  }

  pushSilence(samples) {
    const length = Math.min(samples, CAPACITY - this.fill);
    const start = (this.read + this.fill) % CAPACITY;
    const fromLeft = this.fill > 0 ? this.left[(start + CAPACITY - 1) % CAPACITY] : 0;
    const fromRight = this.fill > 0 ? this.right[(start + CAPACITY - 1) % CAPACITY] : 0;
    for (let i = 0; i < length; i++) {
      const gain = i < FADE ? 1 - ((i + 1) / FADE) : 0;
      const at = (start + i) % CAPACITY;
      this.left[at] = fromLeft * gain;
      this.right[at] = fromRight * gain;
    }
    this.fill += length;
    this.concealed += length;
  }

  process(_inputs, outputs) {
    const output = outputs[0];
    const outLeft = output[0];
    const outRight = output[1] ?? output[0];
    const quantum = outLeft.length;
    this.quanta++;

    if (!this.playing) {
      outLeft.fill(0);
      if (outRight !== outLeft) outRight.fill(0);
      if (this.fill >= this.reserve) {
        this.playing = true;
        this.steady = 0;
        this.trimQuanta = 0;
        this.minFill = Infinity;
      }
      this.report();
      return true;
    }

    const available = Math.min(this.fill, quantum);
    for (let i = 0; i < available; i++) {
      outLeft[i] = this.left[this.read];
      outRight[i] = this.right[this.read];
      this.read = this.read + 1 === CAPACITY ? 0 : this.read + 1;
    }
    this.fill -= available;
    if (available > 0) {
      this.lastLeft = outLeft[available - 1];
      this.lastRight = outRight[available - 1];
    }

    if (available < quantum) {
      // A late packet: fade what was last played to silence, wait for the larger reserve to build up again.
      for (let i = available; i < quantum; i++) {
        const gain = Math.max(0, 1 - ((i - available + 1) / FADE));
        outLeft[i] = this.lastLeft * gain;
        outRight[i] = this.lastRight * gain;
      }
      this.underruns++;
      this.concealed += quantum - available;
      this.reserve = Math.min(this.maxReserve, this.reserve + this.frameSamples);
      this.playing = false;
      this.steady = 0;
    } else {
      if (++this.steady >= STEADY_QUANTA) {
        this.steady = 0;
        this.reserve = Math.max(this.minReserve, this.reserve - SHRINK_STEP);
      }
      this.minFill = Math.min(this.minFill, this.fill);
      if (++this.trimQuanta >= TRIM_QUANTA) {
        this.trim(this.minFill - this.reserve - SLACK);
        this.trimQuanta = 0;
        this.minFill = Infinity;
      }
    }

    this.report();
    return true;
  }

  // Skips audio the ring never needed over the last quarter second, crossfading into what follows it.
  trim(excess) {
    if (excess <= FADE) return;
    for (let i = 0; i < FADE; i++) {
      const near = (this.read + i) % CAPACITY;
      const far = (this.read + excess + i) % CAPACITY;
      const gain = (i + 1) / (FADE + 1);
      this.left[far] = (this.left[near] * (1 - gain)) + (this.left[far] * gain);
      this.right[far] = (this.right[near] * (1 - gain)) + (this.right[far] * gain);
    }
    this.read = (this.read + excess) % CAPACITY;
    this.fill -= excess;
    this.skipped += excess;
  }

  report() {
    if (this.quanta % STATUS_QUANTA !== 0) return;
    this.port.postMessage({
      type: 'status',
      fill: this.fill,
      reserve: this.reserve,
      playing: this.playing,
      underruns: this.underruns,
      concealed: this.concealed,
      skipped: this.skipped,
      received: this.received,
      overflows: this.overflows,
    });
  }
}

registerProcessor('orchestron-low-latency-player', LowLatencyPlayer);
