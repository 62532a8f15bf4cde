// Web MIDI input: a hardware keyboard plugged into this computer plays the session. The browser asks the person
// for permission (requestMIDIAccess); the device list follows devices plugged in and out (statechange). Note on
// and off, controllers (CC) and pitch bend are passed on; clock, active sensing and system messages are not.

const FORWARDED = new Set([0x80, 0x90, 0xb0, 0xe0]);

export class MidiInput extends EventTarget {
  constructor() {
    super();
    this.access = null;
    this.input = null;
    this.selectedId = '';
  }

  get supported() {
    return typeof navigator.requestMIDIAccess === 'function';
  }

  // Asks for access (the browser's permission prompt). Resolves to the inputs, or throws with the browser's reason.
  async enable() {
    if (!this.supported) throw new Error('This browser has no Web MIDI.');
    if (!this.access) {
      this.access = await navigator.requestMIDIAccess({ sysex: false });
      this.access.addEventListener('statechange', () => this.onStateChange());
    }
    this.onStateChange();
    return this.inputs();
  }

  inputs() {
    if (!this.access) return [];
    return [...this.access.inputs.values()]
      .filter((input) => input.state !== 'disconnected')
      .map((input) => ({ id: input.id, name: input.name || input.id, manufacturer: input.manufacturer || '' }));
  }

  // '' stops listening; otherwise listens to the input with that id (again when it is plugged back in).
  select(id) {
    this.selectedId = id;
    this.listen();
  }

  listen() {
    const next = this.selectedId && this.access ? this.access.inputs.get(this.selectedId) ?? null : null;
    const usable = next && next.state !== 'disconnected' ? next : null;
    if (usable === this.input) return;
    if (this.input) this.input.removeEventListener('midimessage', this.onMessage);
    this.input = usable;
    if (this.input) {
      this.input.addEventListener('midimessage', this.onMessage);
      // Adding a listener does not open the port in every browser; assigning onmidimessage would, open() does.
      this.input.open?.();
    }
  }

  onStateChange() {
    this.listen();
    this.dispatchEvent(new CustomEvent('devices', { detail: { inputs: this.inputs(), selectedId: this.selectedId, listening: !!this.input } }));
  }

  onMessage = (event) => {
    const data = event.data;
    if (!data || data.length < 2) return;
    const kind = data[0] & 0xf0;
    if (!FORWARDED.has(kind) || data.length < 3) return;
    this.dispatchEvent(new CustomEvent('message', { detail: [data[0], data[1] & 127, data[2] & 127] }));
  };
}
