// The low-latency audio path: small Opus frames (2.5 or 5 ms, RESTRICTED_LOWDELAY) on an unordered data channel
// with no retransmission, beside the RTP track on the same peer connection. The page decodes them with WebCodecs
// AudioDecoder and plays them from an AudioWorklet ring (low-latency-worklet.js) instead of Chromium's jitter
// buffer, which never plays below about 20 ms. Where the browser lacks AudioDecoder, Opus decoding or AudioWorklet,
// no channel is opened and the page plays the RTP track as before.
//
// Packets (big-endian): type 1, flags (bit 0: the previous frame follows), sequence u16, timestamp u32 (48 kHz),
// samples per frame u16, primary length u16, the primary Opus frame, then the previous frame. A packet that
// arrives after a lost one brings the lost frame with it. Pings (type 2, 8 bytes) come back as pongs (type 3) and
// give the round trip.

const AUDIO = 1;
const PING = 2;
const PONG = 3;
const HEADER = 12;
const PING_INTERVAL_MS = 1000;
const OPUS_CONFIG = { codec: 'opus', sampleRate: 48000, numberOfChannels: 2 };

// True when this browser can take the path: WebCodecs with Opus, and AudioWorklet.
export async function lowLatencySupported() {
  if (typeof AudioDecoder === 'undefined' || typeof EncodedAudioChunk === 'undefined') return false;
  if (typeof AudioWorkletNode === 'undefined') return false;
  try {
    const support = await AudioDecoder.isConfigSupported(OPUS_CONFIG);
    return support?.supported === true;
  } catch {
    return false;
  }
}

// Reads one audio packet; null when it is not a well-formed one.
export function parsePacket(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < HEADER + 1 || bytes[0] !== AUDIO || (bytes[1] & ~1) !== 0) return null;
  const view = new DataView(buffer);
  const samples = view.getUint16(8);
  const primaryLength = view.getUint16(10);
  const redundantLength = bytes.length - HEADER - primaryLength;
  const hasRedundancy = (bytes[1] & 1) === 1;
  if (![120, 240, 480, 960].includes(samples) || primaryLength === 0 || primaryLength > 1275
    || redundantLength < 0 || redundantLength > 1275 || hasRedundancy !== (redundantLength > 0)) return null;
  return {
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    samples,
    primary: bytes.subarray(HEADER, HEADER + primaryLength),
    redundant: redundantLength > 0 ? bytes.subarray(HEADER + primaryLength) : null,
  };
}

export class LowLatencyAudio extends EventTarget {
  // label: the data channel's label from the runtime config; frameMs: its frame; context: an AudioContext to play
  // in (one at 48 kHz is made when none is given); workletUrl: where low-latency-worklet.js is; reserve: options for
  // the worklet's reserve controller (low-latency-reserve.js: quantile, windowSeconds, safety, maxRate, ...), which
  // trade latency against how rare a late frame may be.
  constructor({ label, frameMs, context = null, workletUrl = new URL('./low-latency-worklet.js', import.meta.url), reserve = {} }) {
    super();
    this.label = label;
    this.frameSamples = Math.round(frameMs * 48);
    this.context = context;
    this.ownsContext = context === null;
    this.workletUrl = workletUrl;
    this.reserveOptions = reserve;
    this.channel = null;
    this.decoder = null;
    this.node = null;
    this.pingTimer = null;
    this.lastSequence = null;
    // What each chunk in the decoder stands for, in decode order: its sender's timestamp and the samples lost just
    // before it. Chromium stamps a decoded frame with the first chunk's timestamp plus the samples decoded since,
    // not with its own chunk's, so both wait here for their frame to come out (a loss told at once would also
    // reach the worklet before frames still in the decoder).
    this.inFlight = [];
    this.pendingLost = 0;
    this.active = false;
    this.counters = { packets: 0, recovered: 0, lost: 0, late: 0, malformed: 0, decodeErrors: 0 };
    this.worklet = {
      fill: 0, reserve: 0, underruns: 0, concealed: 0, skipped: 0, playing: false,
      state: 'buffering', lateness: 0, error: 0, rateOffsetPpm: 0, trims: 0, restarts: 0, maxLateness: 0, rebased: 0,
    };
    this.rttMs = null;
    this.firstPacketAt = null;
  }

  // Opens the channel on a peer connection that has not made its offer yet, so that the offer carries it.
  open(pc) {
    const channel = pc.createDataChannel(this.label, { ordered: false, maxRetransmits: 0 });
    channel.binaryType = 'arraybuffer';
    this.channel = channel;
    channel.addEventListener('open', () => this.start().catch((error) => this.fail(error)));
    channel.addEventListener('message', (event) => this.onMessage(event.data));
    channel.addEventListener('close', () => this.stop('the channel closed'));
    return channel;
  }

  async start() {
    if (!this.context) {
      this.context = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
    }
    await this.context.audioWorklet.addModule(this.workletUrl);
    this.node = new AudioWorkletNode(this.context, 'orchestron-low-latency-player', {
      numberOfInputs: 0,
      outputChannelCount: [2],
      processorOptions: { frameSamples: this.frameSamples, reserve: this.reserveOptions },
    });
    this.node.port.onmessage = (event) => {
      if (event.data.type === 'status') this.worklet = event.data;
    };
    if (this.ownsContext) this.node.connect(this.context.destination);
    this.decoder = new AudioDecoder({
      output: (data) => this.onDecoded(data),
      error: (error) => this.fail(error),
    });
    this.decoder.configure(OPUS_CONFIG);
    this.active = true;
    this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
    this.ping();
    if (this.context.state !== 'running') await this.context.resume().catch(() => {});
    this.dispatchEvent(new CustomEvent('active', { detail: this.stats() }));
  }

  // Whether the context plays (browsers hold a context made without a user gesture until one comes).
  async resume() {
    if (this.context && this.context.state !== 'running') await this.context.resume();
  }

  onMessage(data) {
    if (!(data instanceof ArrayBuffer) || data.byteLength === 0) {
      this.counters.malformed++;
      return;
    }
    const type = new Uint8Array(data)[0];
    if (type === PONG && data.byteLength === 9) {
      this.rttMs = performance.now() - new DataView(data).getFloat64(1);
      return;
    }
    const packet = parsePacket(data);
    if (!packet) {
      this.counters.malformed++;
      return;
    }
    if (!this.active || this.decoder?.state !== 'configured') return;
    this.firstPacketAt ??= performance.now();
    const gap = this.lastSequence === null ? 1 : ((packet.sequence - this.lastSequence + 65536) % 65536);
    if (gap === 0 || gap > 32768) {
      this.counters.late++;
      return;
    }
    this.lastSequence = packet.sequence;
    this.counters.packets++;
    if (gap > 1) {
      const unrecoverable = gap - (packet.redundant ? 2 : 1);
      if (unrecoverable > 0) {
        this.counters.lost += unrecoverable;
        this.pendingLost += unrecoverable * packet.samples;
      }
      if (packet.redundant) {
        this.counters.recovered++;
        this.decode(packet.redundant, packet.timestamp - packet.samples, packet.samples);
      }
    }
    this.decode(packet.primary, packet.timestamp, packet.samples);
  }

  decode(frame, timestamp, samples) {
    this.inFlight.push({ timestamp: timestamp >>> 0, lostBefore: this.pendingLost });
    this.pendingLost = 0;
    try {
      this.decoder.decode(new EncodedAudioChunk({
        type: 'key',
        timestamp: Math.round(((timestamp >>> 0) * 1e6) / 48000),
        data: frame,
      }));
    } catch (error) {
      // Refused before decoding: no frame comes out for it, so it is lost with what was lost before it.
      this.pendingLost += this.inFlight.pop().lostBefore + samples;
      this.counters.decodeErrors++;
    }
  }

  onDecoded(data) {
    const chunk = this.inFlight.shift();
    try {
      if (chunk?.lostBefore > 0) this.node.port.postMessage({ type: 'lost', samples: chunk.lostBefore });
      const frames = data.numberOfFrames;
      const left = new Float32Array(frames);
      const right = new Float32Array(frames);
      if (data.format === 'f32-planar') {
        data.copyTo(left, { planeIndex: 0 });
        data.copyTo(right, { planeIndex: data.numberOfChannels > 1 ? 1 : 0 });
      } else {
        // Interleaved (or another sample format): ask for planar float, which every implementation converts to.
        data.copyTo(left, { planeIndex: 0, format: 'f32-planar' });
        data.copyTo(right, { planeIndex: data.numberOfChannels > 1 ? 1 : 0, format: 'f32-planar' });
      }
      // The sender's 48 kHz timestamp: the worklet's reserve controller measures each frame's lateness from it.
      const timestamp = chunk ? chunk.timestamp : Math.round((data.timestamp * 48000) / 1e6) >>> 0;
      this.node.port.postMessage({ type: 'frame', left, right, timestamp }, [left.buffer, right.buffer]);
    } catch (error) {
      this.counters.decodeErrors++;
    } finally {
      data.close();
    }
  }

  ping() {
    if (this.channel?.readyState !== 'open') return;
    const message = new ArrayBuffer(9);
    const view = new DataView(message);
    view.setUint8(0, PING);
    view.setFloat64(1, performance.now());
    try {
      this.channel.send(message);
    } catch {
      // A closing channel refuses; the close event follows.
    }
  }

  // The path's measured latency: half the round trip, the audio queued in the ring, and what the AudioContext
  // adds after it (its own buffer and the output device's latency, as the browser reports them).
  stats() {
    const queuedMs = this.worklet.fill / 48;
    const networkMs = this.rttMs === null ? 0 : this.rttMs / 2;
    const outputMs = this.context ? ((this.context.baseLatency ?? 0) + (this.context.outputLatency ?? 0)) * 1000 : 0;
    return {
      path: this.active ? 'low-latency' : 'rtp',
      frameMs: this.frameSamples / 48,
      rttMs: this.rttMs,
      queuedMs,
      reserveMs: this.worklet.reserve / 48,
      toPageMs: networkMs + queuedMs,
      toOutputMs: networkMs + queuedMs + outputMs,
      underruns: this.worklet.underruns,
      concealedSamples: this.worklet.concealed,
      skippedSamples: this.worklet.skipped,
      // The reserve controller: playing, buffering or stalled; the lateness quantile the reserve is made of; how
      // far the margin is from the reserve; the playback rate's offset; the last resorts taken.
      playout: this.worklet.state,
      latenessMs: this.worklet.lateness / 48,
      maxLatenessMs: this.worklet.maxLateness / 48,
      marginErrorMs: this.worklet.error / 48,
      rateOffsetPpm: this.worklet.rateOffsetPpm,
      driftPpm: this.worklet.driftPpm ?? 0,
      trims: this.worklet.trims,
      restarts: this.worklet.restarts,
      rebased: this.worklet.rebased,
      ...this.counters,
    };
  }

  stop(reason) {
    if (!this.active && !this.channel) return;
    const wasActive = this.active;
    this.active = false;
    clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
    this.inFlight = [];
    this.pendingLost = 0;
    this.node?.disconnect();
    this.node = null;
    if (this.ownsContext) {
      this.context?.close().catch(() => {});
      this.context = null;
    }
    this.channel = null;
    if (wasActive) this.dispatchEvent(new CustomEvent('inactive', { detail: { reason } }));
  }

  fail(error) {
    console.warn('The low-latency audio path failed; the RTP track plays instead:', error);
    this.stop(error?.message || String(error));
  }
}

// Wires the path into a BrowserAudio: before each direct offer, the channel is opened when the host offers the
// path and this browser can take it; while the path plays, the RTP <audio> element is muted (it stays connected as
// the fallback, for the level meter and for statistics). Shows the path and its latency in `indicator` when given.
export async function attachLowLatencyAudio(browserAudio, config, indicator = null) {
  browserAudio.lowLatencyAttachment?.stop();
  const supported = config?.lowLatencyAudio ? await lowLatencySupported() : false;
  let current = null;
  // The RTP element is muted only while the path's context really plays: a context held back by the browser's
  // autoplay policy would otherwise leave the page silent.
  const update = () => {
    const playing = current?.active === true && current.context?.state === 'running';
    browserAudio.audio.muted = playing;
    if (!indicator) return;
    if (playing) {
      const s = current.stats();
      indicator.textContent = `Low-latency path · ${s.frameMs} ms frames · ≈ ${s.toPageMs.toFixed(0)} ms to the page, ${s.toOutputMs.toFixed(0)} ms to the output · reserve ${s.reserveMs.toFixed(1)} ms, rate ${s.rateOffsetPpm >= 0 ? '+' : ''}${s.rateOffsetPpm.toFixed(0)} ppm`;
    } else {
      indicator.textContent = supported || !config?.lowLatencyAudio
        ? 'RTP track'
        : 'RTP track (this browser has no WebCodecs Opus decoder)';
    }
  };
  const resumeOnGesture = () => current?.resume().then(update).catch(() => {});
  document.addEventListener('pointerdown', resumeOnGesture);
  const timer = setInterval(update, 500);
  browserAudio.beforeOffer = (pc) => {
    current?.stop('reconnecting');
    current = null;
    if (!supported) return;
    const path = new LowLatencyAudio(config.lowLatencyAudio);
    path.addEventListener('active', update);
    path.addEventListener('inactive', update);
    path.open(pc);
    current = path;
  };
  update();
  const attachment = {
    get current() { return current; },
    supported,
    stop() {
      clearInterval(timer);
      document.removeEventListener('pointerdown', resumeOnGesture);
      current?.stop('closed');
      browserAudio.beforeOffer = null;
    },
  };
  browserAudio.lowLatencyAttachment = attachment;
  return attachment;
}
