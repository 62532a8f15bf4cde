// Plays real Opus packets through the client's LowLatencyAudio as its data channel would deliver them: a tone of
// 5 ms frames encoded by the browser's own AudioEncoder, packed as the host packs them (no redundancy), handed to
// the path in real time with the packets in `lose` left out. Returns the page's statistics once it has played on.

const FRAME = 240;

export async function playWithLoss(LowLatencyAudio, { frames = 400, lose = [], toneHz = 1000, firstTimestamp = 96000 } = {}) {
  const encoded = await encodeTone(frames, toneHz);
  const path = new LowLatencyAudio({ label: 'audio', frameMs: FRAME / 48 });
  await path.start();
  const startedAt = performance.now();
  for (let i = 0; i < encoded.length; i++) {
    const wait = startedAt + (i * FRAME) / 48 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!lose.includes(i)) path.onMessage(pack(i, firstTimestamp + i * FRAME, encoded[i]));
  }
  // The worklet reports its state about four times a second.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const stats = path.stats();
  path.stop('done');
  return { ...stats, encodedFrames: encoded.length };
}

async function encodeTone(frames, toneHz) {
  const chunks = [];
  let failure = null;
  const encoder = new AudioEncoder({
    output: (chunk) => {
      const bytes = new Uint8Array(chunk.byteLength);
      chunk.copyTo(bytes);
      chunks.push(bytes);
    },
    error: (error) => { failure = error; },
  });
  encoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate: 128000, opus: { frameDuration: 5000 } });
  for (let frame = 0; frame < frames; frame++) {
    const planes = new Float32Array(FRAME * 2);
    for (let i = 0; i < FRAME; i++) {
      planes[i] = 0.3 * Math.sin((2 * Math.PI * toneHz * (frame * FRAME + i)) / 48000);
      planes[FRAME + i] = planes[i];
    }
    encoder.encode(new AudioData({
      format: 'f32-planar', sampleRate: 48000, numberOfFrames: FRAME, numberOfChannels: 2, timestamp: (frame * FRAME * 1e6) / 48000, data: planes,
    }));
  }
  await encoder.flush();
  encoder.close();
  if (failure) throw failure;
  return chunks.slice(0, frames);
}

// The host's packet: type 1, flags 0, sequence u16, timestamp u32, samples u16, primary length u16, the frame.
function pack(sequence, timestamp, opus) {
  const buffer = new ArrayBuffer(12 + opus.length);
  const view = new DataView(buffer);
  view.setUint8(0, 1);
  view.setUint16(2, sequence & 0xffff);
  view.setUint32(4, timestamp >>> 0);
  view.setUint16(8, FRAME);
  view.setUint16(10, opus.length);
  new Uint8Array(buffer, 12).set(opus);
  return buffer;
}
