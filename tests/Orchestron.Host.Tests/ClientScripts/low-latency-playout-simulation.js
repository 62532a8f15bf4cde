// Drives the client's low-latency playout (low-latency-playout.js) with made-up arrivals of a 1 kHz sine, render
// quantum by render quantum as an AudioWorklet would, and analyses what it plays the way the browser benchmark
// does: 10 ms blocks, an amplitude step more than 1 dB from the last second's median, a phase step a 1 kHz phase
// advance more than 0.05 rad from the last second's median. Runs in a page (the tests) and in Node.
//
// The sender's frames leave on its own clock, which runs `driftPpm` fast against the audio clock; each arrives
// a base transit plus a lateness later (in order: a frame never overtakes its predecessor). Lateness is drawn
// from a seeded generator: frames up to `jitterMs` (`calmJitterMs` after `calmAfterSeconds`), one in `spikeEvery`
// between half of `spikeMs` and all of it; a `stall` holds
// every frame due in a stretch back to its end, as a page's busy main thread does.

export function simulate(LowLatencyPlayout, {
  seconds = 60,
  frameSamples = 240,
  driftPpm = 0,
  jitterMs = 1,
  calmAfterSeconds = null, // from then on the jitter is calmJitterMs
  calmJitterMs = 0,
  spikeEvery = 0,
  spikeMs = 0,
  stall = null, // { atSeconds, forMs }
  lostEvery = 0,
  reserve = {},
  seed = 7,
} = {}) {
  const sampleRate = 48000;
  const quantum = 128;
  const playout = new LowLatencyPlayout({ frameSamples, sampleRate, reserve });
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };

  const baseTransit = 300; // samples: network, decode, the page's hand-off
  const firstTimestamp = 4294967296 - (sampleRate * 5); // wraps after 5 s
  const speed = 1 + (driftPpm / 1e6);
  let nextFrame = 0;
  let lastArrival = -Infinity;
  const arrivalOf = (k) => {
    const sent = (k * frameSamples) / speed;
    const calm = calmAfterSeconds !== null && sent >= calmAfterSeconds * sampleRate;
    let late = random() * (calm ? calmJitterMs : jitterMs) * 48;
    if (spikeEvery > 0 && k % spikeEvery === spikeEvery - 1) late = spikeMs * 48 * (0.5 + (random() / 2));
    let arrival = sent + baseTransit + late;
    if (stall) {
      const from = stall.atSeconds * sampleRate;
      const to = from + (stall.forMs * 48);
      if (arrival >= from && arrival < to) arrival = to;
    }
    lastArrival = Math.max(lastArrival, arrival);
    return lastArrival;
  };
  let pending = arrivalOf(0);

  const makeFrame = (k) => {
    const left = new Float32Array(frameSamples);
    const right = new Float32Array(frameSamples);
    for (let i = 0; i < frameSamples; i++) {
      const t = (k * frameSamples) + i;
      left[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * t) / sampleRate);
      right[i] = left[i];
    }
    return { left, right };
  };

  // The analysis: 480-sample blocks, RMS and the 1 kHz bin's phase.
  const block = 480;
  const rmsWindow = [];
  const advanceWindow = [];
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const wrap = (angle) => angle - (2 * Math.PI * Math.round(angle / (2 * Math.PI)));
  const result = {
    blocks: 0, amplitudeSteps: 0, phaseSteps: 0, maxPhaseResidual: 0, maxAmplitudeDeviationDb: 0,
    maxRateOffsetPpm: 0, maxRateChangePerBlockPpm: 0, firstPlayingSecond: null,
  };
  let sum = 0;
  let re = 0;
  let im = 0;
  let inBlock = 0;
  let previousPhase = null;
  let previousOffset = 0;
  let playedFrames = 0;
  const reserveAfter = [];

  const outLeft = new Float32Array(quantum);
  const outRight = new Float32Array(quantum);
  const quanta = Math.floor((seconds * sampleRate) / quantum);
  const analyseFrom = 3 * sampleRate; // after the start, as the benchmark settles for 5 s
  for (let q = 0; q < quanta; q++) {
    const now = q * quantum;
    while (pending <= now) {
      if (lostEvery > 0 && nextFrame % lostEvery === lostEvery - 1) {
        playout.lost(frameSamples);
      } else {
        const { left, right } = makeFrame(nextFrame);
        playout.frame(now, left, right, (firstTimestamp + (nextFrame * frameSamples)) % 4294967296);
      }
      nextFrame++;
      pending = arrivalOf(nextFrame);
    }
    playout.render(now, outLeft, outRight);
    const offset = playout.controller.offset * 1e6;
    if (playout.playing && result.firstPlayingSecond === null) result.firstPlayingSecond = now / sampleRate;
    if (now < analyseFrom || result.firstPlayingSecond === null) continue;
    result.maxRateOffsetPpm = Math.max(result.maxRateOffsetPpm, Math.abs(offset));
    for (let i = 0; i < quantum; i++) {
      const x = outLeft[i];
      const angle = (2 * Math.PI * 1000 * inBlock) / sampleRate;
      sum += x * x;
      re += x * Math.cos(angle);
      im += x * Math.sin(angle);
      playedFrames++;
      if (++inBlock < block) continue;
      const db = 10 * Math.log10(Math.max(sum / block, 1e-18));
      // The block's phase, measured against the block's own start; advance over one block of a steady 1 kHz is 0 mod 2 pi.
      const phase = Math.atan2(-im, re);
      result.blocks++;
      if (rmsWindow.length === 100) {
        const deviation = Math.abs(db - median(rmsWindow));
        result.maxAmplitudeDeviationDb = Math.max(result.maxAmplitudeDeviationDb, deviation);
        if (deviation > 1) result.amplitudeSteps++;
      }
      if (previousPhase !== null) {
        const advance = wrap(phase - previousPhase);
        if (advanceWindow.length === 100) {
          const residual = Math.abs(wrap(advance - median(advanceWindow)));
          result.maxPhaseResidual = Math.max(result.maxPhaseResidual, residual);
          if (residual > 0.05) result.phaseSteps++;
        }
        advanceWindow.push(advance);
        if (advanceWindow.length > 100) advanceWindow.shift();
      }
      result.maxRateChangePerBlockPpm = Math.max(result.maxRateChangePerBlockPpm, Math.abs(offset - previousOffset));
      previousOffset = offset;
      previousPhase = phase;
      rmsWindow.push(db);
      if (rmsWindow.length > 100) rmsWindow.shift();
      sum = 0;
      re = 0;
      im = 0;
      inBlock = 0;
      if (result.blocks % 100 === 0) reserveAfter.push(playout.controller.reserve / 48);
    }
  }

  const status = playout.status();
  return {
    ...result,
    status,
    reserveMs: status.reserve / 48,
    latenessMs: status.lateness / 48,
    marginErrorMs: status.error / 48,
    reservePerSecondMs: reserveAfter,
  };
}
