// Plays the session over a data channel of the listener's own peer connection, once it is open; until then, and
// whenever it closes, each send returns false and the caller uses HTTP. The wire format is the host's control
// format, version 1 (docs/control-channel.md): a 4-byte header (version, kind, 16-bit tag) and a small body.
//
// One channel, unordered and reliable, carries every kind: a note-off or the value a knob stops at must arrive
// (a lost one leaves a note hanging or a knob where nobody left it), and unordered delivery lets a later note pass
// one being retransmitted instead of waiting behind it.

export const CONTROL_LABEL = 'orchestron-control';

const VERSION = 1;
const KIND = { noteOn: 0x01, noteOff: 0x02, midi: 0x03, channel: 0x04, panic: 0x05, ping: 0x06, pong: 0x86, error: 0xee };
const ERRORS = {
  1: 'Malformed message', 2: 'Unsupported version', 3: 'Invalid', 4: 'Not found', 5: 'Conflict', 6: 'Too many requests', 7: 'Not binary',
};
const PING_INTERVAL_MS = 2000;

export class ControlChannel extends EventTarget {
  constructor() {
    super();
    this.channel = null;
    this.tag = 0;
    this.rttMs = null;
    this.pingTimer = 0;
  }

  // 'datachannel' while the channel is open, 'http' otherwise.
  get path() {
    return this.channel?.readyState === 'open' ? 'datachannel' : 'http';
  }

  // Opens the channel on a peer connection before its offer is made. A listen link's page has no control token:
  // the host would close the channel at once, so it does not ask.
  attach(pc, canControl) {
    this.detach();
    if (!canControl) return;
    const channel = pc.createDataChannel(CONTROL_LABEL, { ordered: false });
    channel.binaryType = 'arraybuffer';
    this.channel = channel;
    channel.addEventListener('open', () => {
      if (channel !== this.channel) return;
      this.ping();
      this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
      this.changed();
    });
    channel.addEventListener('close', () => {
      if (channel !== this.channel) return;
      this.detach();
    });
    channel.addEventListener('message', (event) => this.onMessage(event.data));
  }

  detach() {
    clearInterval(this.pingTimer);
    const had = this.channel;
    this.channel = null;
    this.rttMs = null;
    if (had) {
      try { had.close(); } catch { /* already closed */ }
      this.changed();
    }
  }

  noteOn(note, velocity, channel = 0) {
    return this.send(KIND.noteOn, [channel & 15, note & 127, Math.max(1, velocity & 127)]);
  }

  noteOff(note, channel = 0) {
    return this.send(KIND.noteOff, [channel & 15, note & 127, 0]);
  }

  // Any channel MIDI message (status byte and one or two data bytes), as the HTTP midi-event takes it.
  midi(bytes, delayMs = 0) {
    return this.send(KIND.midi, [(delayMs >> 8) & 255, delayMs & 255, ...bytes]);
  }

  setChannel(name, value) {
    const body = new Uint8Array(8 + name.length);
    new DataView(body.buffer).setFloat64(0, value, false);
    for (let i = 0; i < name.length; i++) body[8 + i] = name.charCodeAt(i) & 127;
    return this.send(KIND.channel, body);
  }

  panic() {
    return this.send(KIND.panic, []);
  }

  ping() {
    const body = new Uint8Array(8);
    new DataView(body.buffer).setFloat64(0, performance.now(), false);
    return this.send(KIND.ping, body);
  }

  send(kind, body) {
    const channel = this.channel;
    if (!channel || channel.readyState !== 'open') return false;
    this.tag = (this.tag + 1) & 0xffff;
    const message = new Uint8Array(4 + body.length);
    message[0] = VERSION;
    message[1] = kind;
    message[2] = this.tag >> 8;
    message[3] = this.tag & 255;
    message.set(body, 4);
    try {
      channel.send(message);
      return true;
    } catch {
      return false;
    }
  }

  onMessage(data) {
    if (!(data instanceof ArrayBuffer) || data.byteLength < 4) return;
    const bytes = new Uint8Array(data);
    if (bytes[0] !== VERSION) return;
    const view = new DataView(data);
    if (bytes[1] === KIND.pong && data.byteLength === 12) {
      this.rttMs = performance.now() - view.getFloat64(4, false);
      this.changed();
    } else if (bytes[1] === KIND.error && data.byteLength >= 6) {
      const detail = new TextDecoder().decode(bytes.subarray(6));
      this.dispatchEvent(new CustomEvent('refused', {
        detail: { tag: view.getUint16(2, false), title: ERRORS[bytes[4]] ?? 'Refused', retryAfterSeconds: bytes[5], detail },
      }));
    }
  }

  changed() {
    this.dispatchEvent(new CustomEvent('change', { detail: { path: this.path, rttMs: this.rttMs } }));
  }
}
