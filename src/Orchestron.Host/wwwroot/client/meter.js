// A stereo level meter fed by Web Audio analysers on the received stream.

const FLOOR_DB = -60;

export class LevelMeter {
  constructor(elements) {
    this.elements = elements;
    this.context = null;
    this.source = null;
    this.analysers = [];
    this.peaks = [FLOOR_DB, FLOOR_DB];
    this.peakTimes = [0, 0];
    this.frame = 0;
    this.levels = [FLOOR_DB, FLOOR_DB];
  }

  // Must be called from a user gesture at least once so the AudioContext may run.
  ensureContext() {
    if (!this.context) {
      const Context = window.AudioContext || window.webkitAudioContext;
      this.context = new Context();
    }
    if (this.context.state === 'suspended') this.context.resume().catch(() => {});
    return this.context;
  }

  attach(stream) {
    this.detach();
    if (!stream) return;
    const context = this.ensureContext();
    this.source = context.createMediaStreamSource(stream);
    const splitter = context.createChannelSplitter(2);
    this.source.connect(splitter);
    this.analysers = [0, 1].map((channel) => {
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      splitter.connect(analyser, channel);
      return analyser;
    });
    this.buffer = new Float32Array(this.analysers[0].fftSize);
    const tick = () => {
      this.update();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  detach() {
    cancelAnimationFrame(this.frame);
    this.source?.disconnect();
    this.source = null;
    this.analysers = [];
    this.levels = [FLOOR_DB, FLOOR_DB];
    this.render([FLOOR_DB, FLOOR_DB], [FLOOR_DB, FLOOR_DB]);
  }

  // The first analyser, for callers that want raw samples.
  get analyser() {
    return this.analysers[0] ?? null;
  }

  update() {
    const now = performance.now();
    const levels = this.analysers.map((analyser, channel) => {
      analyser.getFloatTimeDomainData(this.buffer);
      let peak = 0;
      for (const sample of this.buffer) peak = Math.max(peak, Math.abs(sample));
      const db = peak > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(peak)) : FLOOR_DB;
      // Fall back smoothly, like a hardware meter, instead of flickering with every block.
      const level = Math.max(db, this.levels[channel] - 1.2);
      if (level >= this.peaks[channel] || now - this.peakTimes[channel] > 1500) {
        this.peaks[channel] = level;
        this.peakTimes[channel] = now;
      }
      return level;
    });
    this.levels = levels;
    this.render(levels, this.peaks);
  }

  render(levels, peaks) {
    const { fills, peakMarks } = this.elements;
    levels.forEach((db, channel) => {
      const fraction = (db - FLOOR_DB) / -FLOOR_DB;
      fills[channel].style.width = `${(fraction * 100).toFixed(1)}%`;
      fills[channel].style.setProperty('--meter-width', `${(100 / Math.max(fraction, 0.001)).toFixed(1)}%`);
      fills[channel].dataset.db = db.toFixed(1);
      const peakFraction = (peaks[channel] - FLOOR_DB) / -FLOOR_DB;
      peakMarks[channel].style.left = `calc(${(peakFraction * 100).toFixed(1)}% - 2px)`;
      peakMarks[channel].style.opacity = peaks[channel] > FLOOR_DB ? '0.9' : '0';
    });
  }
}
