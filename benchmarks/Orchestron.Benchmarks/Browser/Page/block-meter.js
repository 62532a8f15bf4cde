// Measures the received track in 10 ms blocks: RMS, and the 1 kHz component's phase against a reference
// that runs on the AudioContext's sample clock (so a continuous tone keeps a steady phase advance from block
// to block, and a lost, repeated or concealed stretch moves it). Posts the blocks in batches: the page gets
// four numbers per block and no audio.
const frequency = 1000;
const blocksPerBatch = 50;

class BlockMeter extends AudioWorkletProcessor {
  constructor() {
    super();
    this.blockLength = Math.round(sampleRate / 100);
    this.filled = 0;
    this.energy = 0;
    this.re = 0;
    this.im = 0;
    this.batch = new Float64Array(blocksPerBatch * 4);
    this.batched = 0;
  }

  process(inputs) {
    // A quantum without input still advances the block, as silence, so block times stay on the clock.
    const samples = inputs[0]?.[0];
    const length = samples?.length ?? 128;
    for (let i = 0; i < length; i++) {
      const x = samples ? samples[i] : 0;
      const frame = currentFrame + i;
      // Integer arithmetic before the division keeps the reference exact however long the run.
      const angle = (2 * Math.PI * ((frame * frequency) % sampleRate)) / sampleRate;
      this.energy += x * x;
      this.re += x * Math.cos(angle);
      this.im += x * Math.sin(angle);
      if (++this.filled === this.blockLength) this.endBlock(frame + 1 - this.blockLength);
    }

    return true;
  }

  endBlock(startFrame) {
    const n = this.blockLength;
    this.batch.set([startFrame, Math.sqrt(this.energy / n), (2 * this.re) / n, (2 * this.im) / n], this.batched * 4);
    this.filled = 0;
    this.energy = this.re = this.im = 0;
    if (++this.batched === blocksPerBatch) {
      this.port.postMessage(this.batch, [this.batch.buffer]);
      this.batch = new Float64Array(blocksPerBatch * 4);
      this.batched = 0;
    }
  }
}

registerProcessor('block-meter', BlockMeter);
