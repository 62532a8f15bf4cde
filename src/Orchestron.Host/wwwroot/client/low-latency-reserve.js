// How much audio the low-latency player keeps in reserve, and how it gets there without a click.
//
// Every frame carries the sender's 48 kHz timestamp. Its transit is the audio clock at arrival minus that
// timestamp; the smallest transit of the last few seconds is the base (the fastest a frame came through), and a
// frame's lateness is its transit above the base. The reserve is a high quantile of the lateness over a window
// (20 s by default) plus a small safety margin: enough that a frame as late as nearly any recent one still finds
// audio queued ahead of it.
//
// The playout delay is the audio clock minus the timestamp being played; above the base it is the margin a frame
// with no lateness would find. The controller brings that margin to the reserve by changing the playback rate by at
// most maxRate (0.04 %: at 1 kHz a phase drift of 0.025 rad per 10 ms, under what a listener or the benchmark's
// 0.05 rad step detector notices), proportional to the error with a slow integral that takes up a steady clock
// drift between sender and AudioContext, its change per second limited. A larger reserve is reached by playing
// slower, a smaller one by playing faster; nothing is skipped or repeated for it.
//
// Last resorts, each counted: a quantum that finds the ring empty (a real stall) plays out what there is and fades
// to silence; playback resumes, faded in, once the margin is back at the reserve, skipping whatever the stall
// left queued beyond it. A margin that stays more than 50 ms above the reserve for a whole second (a burst the rate
// would take minutes to play down) is cut back with a short crossfade.
//
// Plain module with no audio API, so that tests drive it with made-up arrivals.

const BUCKET_SECONDS = 1;
const BASE_BUCKETS = 4; // the base is the smallest transit of the last 4 s: it follows drift and route changes
const BIN = 12; // lateness histogram bins of 0.25 ms
const BINS = 400; // up to 100 ms of lateness; later counts in the last bin
const INTEGRAL_SECONDS = 30;
const EXCESS_SECONDS = 1;
const EXCESS_LIMIT_MS = 50;
const WARM_UP_SECONDS = 0.5; // arrivals watched before playback first starts, so the first reserve is measured
const TIMESTAMP_SLACK = 1; // a timestamp read back from microseconds may be a sample off

export class ReserveController {
  constructor({
    frameSamples = 240,
    quantum = 128,
    sampleRate = 48000,
    windowSeconds = 20,
    quantile = 0.999,
    safety = 24,
    initialReserve = null,
    minReserve = 0,
    maxReserve = 4800,
    maxRate = 0.0004,
    maxRateChangePerSecond = 0.0002,
    timeConstantSeconds = 2,
    excessLimit = null,
  } = {}) {
    this.frameSamples = frameSamples;
    this.quantum = quantum;
    this.sampleRate = sampleRate;
    this.quantile = quantile;
    this.safety = safety;
    this.minReserve = minReserve;
    this.maxReserve = maxReserve;
    this.maxRate = maxRate;
    this.maxRateStep = (maxRateChangePerSecond * quantum) / sampleRate;
    this.gain = 1 / (timeConstantSeconds * sampleRate);
    // Proportional-integral: the integral's time constant is INTEGRAL_SECONDS, per quantum of `quantum` samples.
    this.integralGain = (this.gain * quantum) / (INTEGRAL_SECONDS * sampleRate);
    // Far enough above the reserve that only a burst the rate would take minutes to play down is cut: a reserve that
    // shrinks as the window forgets old lateness is followed by the rate alone.
    this.excessLimit = excessLimit ?? (sampleRate * EXCESS_LIMIT_MS) / 1000;
    this.bucketSamples = BUCKET_SECONDS * sampleRate;

    this.windowBuckets = Math.max(BASE_BUCKETS, Math.round(windowSeconds / BUCKET_SECONDS));
    this.histograms = Array.from({ length: this.windowBuckets }, () => new Uint32Array(BINS));
    this.total = new Uint32Array(BINS);
    this.counted = 0;
    this.baseMins = new Float64Array(BASE_BUCKETS).fill(Infinity);
    this.bucket = -1;
    this.firstArrival = null;
    this.lastArrival = null;
    this.lastLate = 0;
    this.warmUp = WARM_UP_SECONDS * sampleRate;

    this.reserve = initialReserve ?? Math.max(minReserve, frameSamples + safety);
    this.lateness = 0; // the quantile, in samples
    this.base = Infinity;
    this.writeEnd = null; // the timestamp just after the last sample queued
    this.offset = 0; // playback rate - 1
    this.integral = 0;
    this.error = 0;
    this.state = 'buffering';
    this.excessQuanta = 0;
    this.stats = { arrivals: 0, maxLateness: 0, shortfalls: 0, concealed: 0, trims: 0, skipped: 0, restarts: 0, rebased: 0 };
  }

  // A frame of `samples` with sender `timestamp` (48 kHz, 32 bits) arrived at audio frame `now`. Returns false when
  // its timestamp does not follow the last one (the sender restarted or jumped): the controller then starts
  // over from this frame, and the caller should treat the ring's contents as the frame's predecessors.
  arrive(now, timestamp, samples) {
    let continuous = true;
    let start;
    if (this.writeEnd === null) {
      start = timestamp;
    } else {
      // Unwrap the 32-bit timestamp against the write end.
      const delta = ((((timestamp - this.writeEnd) % 4294967296) + 6442450944) % 4294967296) - 2147483648;
      start = this.writeEnd;
      if (Math.abs(delta) > TIMESTAMP_SLACK) {
        start += delta;
        continuous = false;
        this.rebase();
      }
    }
    this.writeEnd = start + samples;
    const transit = now - start;
    this.rotate(now);
    const slot = this.bucket % BASE_BUCKETS;
    if (transit < this.baseMins[slot]) this.baseMins[slot] = transit;
    this.base = smallest(this.baseMins);
    const late = transit - this.base;
    this.stats.arrivals++;
    this.stats.maxLateness = Math.max(this.stats.maxLateness, late);
    this.firstArrival ??= now;
    // Frames handled in the same quantum (a burst after a stall) count once, by the latest of them: a stall is one
    // event however many frames it held back.
    const histogram = this.histograms[this.bucket % this.windowBuckets];
    if (now === this.lastArrival) {
      if (late <= this.lastLate) return continuous;
      const previous = binOf(this.lastLate);
      histogram[previous]--;
      this.total[previous]--;
      this.counted--;
    }
    this.lastArrival = now;
    this.lastLate = late;
    const bin = binOf(late);
    histogram[bin]++;
    this.total[bin]++;
    this.counted++;
    if (late > this.lateness) this.updateReserve();
    return continuous;
  }

  // Once per render quantum while playing, before reading: the rate to read at. `now` is the audio frame, `fill`
  // the samples queued from the read position (its fractional part included).
  rate(now, fill) {
    this.rotate(now);
    if (this.writeEnd === null || this.base === Infinity) return 1;
    const margin = this.margin(now, fill);
    this.error = margin - this.reserve;
    if (this.error > this.excessLimit) {
      this.excessQuanta++;
    } else {
      this.excessQuanta = 0;
    }
    const proportional = this.error * this.gain;
    // The integral only learns while the proportional part alone is within the bound: a large error is a transient
    // (a new reserve, a restart), not drift, and must not wind it up.
    if (Math.abs(proportional) < this.maxRate / 2) {
      this.integral = clamp(this.integral + (this.error * this.integralGain), -this.maxRate, this.maxRate);
    }
    const wanted = clamp(proportional + this.integral, -this.maxRate, this.maxRate);
    this.offset += clamp(wanted - this.offset, -this.maxRateStep, this.maxRateStep);
    return 1 + this.offset;
  }

  // After rate(): samples to cut with a crossfade now, when the margin has stayed far above the reserve for a whole
  // second; 0 otherwise.
  excessToTrim() {
    if (this.excessQuanta * this.quantum < EXCESS_SECONDS * this.sampleRate) return 0;
    this.excessQuanta = 0;
    this.stats.trims++;
    return Math.floor(this.error);
  }

  // The ring could not fill a quantum: `missing` samples were played as a fade to silence; playback stops.
  shortfall(missing) {
    this.stats.shortfalls++;
    this.stats.concealed += missing;
    this.state = 'stalled';
    this.offset = 0;
    this.excessQuanta = 0;
  }

  // While not playing, once per quantum: how many queued samples to skip before starting now, or -1 to keep
  // waiting (the margin has not reached the reserve yet).
  startSkip(now, fill) {
    this.rotate(now);
    if (this.writeEnd === null || this.base === Infinity || now - this.firstArrival < this.warmUp) return -1;
    if (this.state === 'buffering') this.updateReserve();
    const margin = this.margin(now, fill);
    if (margin < this.reserve || fill < this.quantum) return -1;
    // Whatever a stall (or a slow start) left queued beyond the reserve is skipped rather than played late.
    const skip = Math.max(0, Math.min(Math.floor(margin - this.reserve), Math.floor(fill) - this.quantum - 4));
    if (this.state === 'stalled') {
      this.stats.restarts++;
      this.stats.skipped += skip;
    }
    this.state = 'playing';
    this.integral = 0;
    return skip;
  }

  // A frame nobody has was queued as silence of `samples`: the timeline goes on through it, and the silence counts
  // as concealed.
  fillGap(samples) {
    if (this.writeEnd !== null) this.writeEnd += samples;
    this.stats.concealed += samples;
  }

  recordTrim(samples) {
    this.stats.skipped += samples;
  }

  // The margin a frame with no lateness would find: the playout delay above the base transit.
  margin(now, fill) {
    return now - (this.writeEnd - fill) - this.base;
  }

  // What the page shows and the benchmark reads, in samples and parts per million.
  snapshot() {
    return {
      state: this.state,
      reserve: this.reserve,
      lateness: this.lateness,
      error: this.error,
      rateOffsetPpm: this.offset * 1e6,
      driftPpm: this.integral * 1e6, // the integral's part: the clock drift it has taken up
      ...this.stats,
    };
  }

  updateReserve() {
    // The bin holding the quantile: at most `allowed` arrivals lie in the bins above it.
    const allowed = Math.floor((1 - this.quantile) * this.counted);
    let above = 0;
    let bin = BINS - 1;
    while (bin > 0 && above + this.total[bin] <= allowed) {
      above += this.total[bin];
      bin--;
    }
    this.lateness = (bin + 1) * BIN;
    // Until the window holds enough arrivals for the quantile to leave any out, it is the largest of a few and
    // may well be exceeded soon: a quantum more in reserve until then.
    const young = this.counted * (1 - this.quantile) < 1 ? this.quantum : 0;
    this.reserve = clamp(this.lateness + this.safety + young, this.minReserve, this.maxReserve);
  }

  // Starts a new one-second bucket when the audio clock has moved into one: the oldest lateness and base leave.
  rotate(now) {
    const bucket = Math.floor(now / this.bucketSamples);
    if (bucket === this.bucket) return;
    const steps = this.bucket < 0 ? 1 : Math.min(bucket - this.bucket, this.windowBuckets);
    for (let i = 1; i <= steps; i++) {
      const b = bucket - steps + i;
      const histogram = this.histograms[b % this.windowBuckets];
      for (let bin = 0; bin < BINS; bin++) {
        if (histogram[bin] === 0) continue;
        this.total[bin] -= histogram[bin];
        this.counted -= histogram[bin];
        histogram[bin] = 0;
      }
      this.baseMins[b % BASE_BUCKETS] = Infinity;
    }
    this.bucket = bucket;
    const base = smallest(this.baseMins);
    this.base = base === Infinity ? this.base : base;
    if (this.counted > 0) this.updateReserve();
  }

  // The timestamps jumped: transit means something else from here on, so the statistics start over.
  rebase() {
    this.stats.rebased++;
    this.baseMins.fill(Infinity);
    this.base = Infinity;
    for (const histogram of this.histograms) histogram.fill(0);
    this.total.fill(0);
    this.counted = 0;
  }
}

function binOf(late) {
  return Math.min(BINS - 1, Math.max(0, Math.floor(late / BIN)));
}

function smallest(values) {
  let least = Infinity;
  for (let i = 0; i < values.length; i++) least = Math.min(least, values[i]);
  return least;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}
