// An on-screen piano of two octaves, played by pointer (mouse, pen, touch) and by the computer keyboard.

const COMPUTER_KEYS = ['a', 'w', 's', 'e', 'd', 'f', 't', 'g', 'y', 'h', 'u', 'j', 'k'];
const BLACK = new Set([1, 3, 6, 8, 10]);
const NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];
const MIN_OCTAVE = 1;
const MAX_OCTAVE = 7;

export function noteName(note) {
  return `${NAMES[note % 12]}${Math.floor(note / 12) - 1}`;
}

export class PianoKeyboard extends EventTarget {
  constructor(container, { octave = 4 } = {}) {
    super();
    this.container = container;
    this.octave = octave;
    this.keys = new Map();
    this.sounding = new Set();
    this.pointerNotes = new Map();
    this.computerNotes = new Map();
    this.build();
    this.bindPointer();
    this.bindComputerKeys();
  }

  get lowestNote() {
    return (this.octave + 1) * 12;
  }

  setOctave(octave) {
    const clamped = Math.max(MIN_OCTAVE, Math.min(MAX_OCTAVE, octave));
    if (clamped === this.octave) return;
    this.releaseAll();
    this.octave = clamped;
    this.build();
    this.dispatchEvent(new CustomEvent('octave', { detail: { octave: clamped, lowest: this.lowestNote } }));
  }

  build() {
    this.container.replaceChildren();
    this.keys.clear();
    const whiteCount = 15;
    let whiteIndex = 0;
    for (let offset = 0; offset <= 24; offset++) {
      const note = this.lowestNote + offset;
      const black = BLACK.has(offset % 12);
      const key = document.createElement('div');
      key.className = `key ${black ? 'key-black' : 'key-white'}`;
      key.dataset.note = String(note);
      key.setAttribute('role', 'button');
      key.setAttribute('aria-label', noteName(note));
      if (black) {
        key.style.left = `calc(10px + (100% - 20px) * ${whiteIndex / whiteCount} - (100% - 20px) / ${whiteCount} * 0.32)`;
        key.style.width = `calc((100% - 20px) / ${whiteCount} * 0.64)`;
      } else {
        whiteIndex++;
      }
      if (offset < COMPUTER_KEYS.length) {
        const label = document.createElement('span');
        label.className = 'key-label';
        label.textContent = COMPUTER_KEYS[offset].toUpperCase();
        key.append(label);
      }
      if (offset % 12 === 0) {
        const name = document.createElement('span');
        name.className = 'key-note';
        name.textContent = noteName(note);
        key.append(name);
      }
      this.container.append(key);
      this.keys.set(note, key);
      if (this.sounding.has(note)) key.classList.add('active');
    }
  }

  bindPointer() {
    const noteAt = (event) => {
      const element = document.elementFromPoint(event.clientX, event.clientY)?.closest('.key');
      return element && this.container.contains(element) ? Number(element.dataset.note) : null;
    };
    this.container.addEventListener('pointerdown', (event) => {
      const note = noteAt(event);
      if (note == null) return;
      event.preventDefault();
      this.container.setPointerCapture(event.pointerId);
      this.pointerNotes.set(event.pointerId, note);
      this.press(note);
    });
    // Sliding across the keys plays each one, as a glissando on a real keyboard would.
    this.container.addEventListener('pointermove', (event) => {
      if (!this.pointerNotes.has(event.pointerId)) return;
      const note = noteAt(event);
      const previous = this.pointerNotes.get(event.pointerId);
      if (note === previous) return;
      this.release(previous);
      this.pointerNotes.set(event.pointerId, note);
      if (note != null) this.press(note);
    });
    const end = (event) => {
      if (!this.pointerNotes.has(event.pointerId)) return;
      this.release(this.pointerNotes.get(event.pointerId));
      this.pointerNotes.delete(event.pointerId);
    };
    this.container.addEventListener('pointerup', end);
    this.container.addEventListener('pointercancel', end);
    this.container.addEventListener('lostpointercapture', end);
  }

  bindComputerKeys() {
    const typing = (event) => event.target.closest?.('input, textarea, select, [contenteditable="true"]');
    window.addEventListener('keydown', (event) => {
      if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' || key === 'x') {
        this.setOctave(this.octave + (key === 'z' ? -1 : 1));
        event.preventDefault();
        return;
      }
      const offset = COMPUTER_KEYS.indexOf(key);
      if (offset < 0 || this.computerNotes.has(key)) return;
      const note = this.lowestNote + offset;
      this.computerNotes.set(key, note);
      this.press(note);
      event.preventDefault();
    });
    window.addEventListener('keyup', (event) => {
      const key = event.key.toLowerCase();
      if (!this.computerNotes.has(key)) return;
      this.release(this.computerNotes.get(key));
      this.computerNotes.delete(key);
    });
    window.addEventListener('blur', () => this.releaseAll());
  }

  press(note) {
    if (note == null || this.sounding.has(note)) return;
    this.sounding.add(note);
    this.keys.get(note)?.classList.add('active');
    this.dispatchEvent(new CustomEvent('noteon', { detail: { note } }));
  }

  release(note) {
    if (note == null || !this.sounding.has(note)) return;
    this.sounding.delete(note);
    this.keys.get(note)?.classList.remove('active');
    this.dispatchEvent(new CustomEvent('noteoff', { detail: { note } }));
  }

  releaseAll() {
    for (const note of [...this.sounding]) this.release(note);
    this.pointerNotes.clear();
    this.computerNotes.clear();
  }
}
