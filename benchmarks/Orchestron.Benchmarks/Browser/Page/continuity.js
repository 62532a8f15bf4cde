// Finds discontinuities in a received 1 kHz sine from the block-meter worklet's 10 ms blocks. An amplitude
// step is a block whose RMS differs by more than 1 dB from the median of the last second's blocks; a phase
// step is a block whose 1 kHz phase advance over the previous block differs from the last second's median
// advance by more than the tolerance: 0.05 rad, under half of what one sample slipped at 48 kHz moves it
// (0.13 rad). The pitch is the mean phase advance, which a frequency error turns into a steady drift: over
// the whole run, and over the blocks nothing was flagged in, since each discontinuity adds its own jump. Consecutive flagged blocks make one event (a concealed gap fades over several blocks);
// the first events are kept with their length and largest deviation. A silent block is one whose RMS is more
// than 20 dB below that median: a gap played as (near) silence rather than concealed with sound. Nothing is
// counted before begin(), so the connection's start is left out.
window.continuity = (() => {
  const windowBlocks = 100;
  const amplitudeToleranceDb = 1;
  const silenceBelowMedianDb = 20;
  const phaseToleranceRad = 0.05;
  const nominalHz = 1000;
  const maxEvents = 20;
  let state = null;

  const median = values => [...values].sort((a, b) => a - b)[values.length >> 1];
  const wrap = angle => angle - 2 * Math.PI * Math.round(angle / (2 * Math.PI));
  const push = (list, value) => {
    list.push(value);
    if (list.length > windowBlocks) list.shift();
  };

  const fresh = () => ({
    blocks: 0, silentBlocks: 0, amplitudeEvents: 0, phaseEvents: 0, amplitudeSteps: 0, phaseSteps: 0, events: [], open: { amplitude: null, phase: null },
    maxAmplitudeDeviationDb: 0, maxPhaseResidualRad: 0, minRmsDb: Infinity, maxRmsDb: -Infinity,
    firstFrame: null, lastFrame: null, previousPhase: null, unwrappedPhase: 0, cleanPhase: 0, cleanFrames: 0, rmsWindow: [], advanceWindow: [],
  });

  // Counts a flagged (or, with value null, an unflagged) block of one kind into that kind's events.
  const mark = (kind, frame, value) => {
    if (value === null) {
      state.open[kind] = null;
      return;
    }

    let event = state.open[kind];
    if (event === null) {
      event = { kind, seconds: (frame - state.firstFrame) / window.audioContext.sampleRate, blocks: 0, value: 0 };
      state.open[kind] = event;
      state[kind + 'Events']++;
      if (state.events.length < maxEvents) state.events.push(event);
    }

    event.blocks++;
    event.value = Math.max(event.value, value);
  };

  const onBlock = (frame, rms, re, im) => {
    const db = 20 * Math.log10(Math.max(rms, 1e-9));
    const phase = Math.atan2(-im, re);
    state.blocks++;
    state.minRmsDb = Math.min(state.minRmsDb, db);
    state.maxRmsDb = Math.max(state.maxRmsDb, db);
    let flagged = state.rmsWindow.length < windowBlocks;
    if (state.rmsWindow.length === windowBlocks) {
      const level = median(state.rmsWindow);
      if (db < level - silenceBelowMedianDb) state.silentBlocks++;
      const deviation = Math.abs(db - level);
      flagged = deviation > amplitudeToleranceDb;
      state.maxAmplitudeDeviationDb = Math.max(state.maxAmplitudeDeviationDb, deviation);
      if (deviation > amplitudeToleranceDb) state.amplitudeSteps++;
      mark('amplitude', frame, deviation > amplitudeToleranceDb ? deviation : null);
    }

    push(state.rmsWindow, db);
    if (state.previousPhase === null) {
      state.firstFrame = frame;
    } else {
      const advance = wrap(phase - state.previousPhase);
      state.unwrappedPhase += advance;
      if (state.advanceWindow.length === windowBlocks) {
        const residual = Math.abs(wrap(advance - median(state.advanceWindow)));
        state.maxPhaseResidualRad = Math.max(state.maxPhaseResidualRad, residual);
        if (residual > phaseToleranceRad) state.phaseSteps++;
        mark('phase', frame, residual > phaseToleranceRad ? residual : null);
        if (!flagged && residual <= phaseToleranceRad) {
          state.cleanPhase += advance;
          state.cleanFrames += frame - state.lastFrame;
        }
      }

      push(state.advanceWindow, advance);
    }

    state.previousPhase = phase;
    state.lastFrame = frame;
  };

  const attach = () => {
    window.analysisNode.port.onmessage = event => {
      if (state === null) return;
      const blocks = event.data;
      for (let i = 0; i < blocks.length; i += 4) onBlock(blocks[i], blocks[i + 1], blocks[i + 2], blocks[i + 3]);
    };
  };

  const begin = () => {
    state = fresh();
  };

  const report = () => {
    const seconds = (state.lastFrame - state.firstFrame) / window.audioContext.sampleRate;
    return {
      seconds,
      blocks: state.blocks,
      silentBlocks: state.silentBlocks,
      amplitudeSteps: state.amplitudeSteps,
      amplitudeEvents: state.amplitudeEvents,
      phaseSteps: state.phaseSteps,
      phaseEvents: state.phaseEvents,
      events: state.events,
      pitchHz: nominalHz + state.unwrappedPhase / (2 * Math.PI * seconds),
      cleanPitchHz: nominalHz + state.cleanPhase / (2 * Math.PI * state.cleanFrames / window.audioContext.sampleRate),
      cleanSeconds: state.cleanFrames / window.audioContext.sampleRate,
      maxAmplitudeDeviationDb: state.maxAmplitudeDeviationDb,
      maxPhaseResidualRad: state.maxPhaseResidualRad,
      minRmsDb: state.minRmsDb,
      maxRmsDb: state.maxRmsDb,
    };
  };

  return { attach, begin, report };
})();
