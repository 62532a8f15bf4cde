// Rotary knobs for an instrument's control channels. Drag up/down, scroll, or use the arrow keys;
// double-click returns to the default. Logarithmic channels (frequencies) turn by ratio.

const SWEEP_DEGREES = 270;

function toPosition(channel, value) {
  if (channel.scale === 'logarithmic' && channel.min > 0) {
    return Math.log(value / channel.min) / Math.log(channel.max / channel.min);
  }
  return (value - channel.min) / (channel.max - channel.min);
}

function fromPosition(channel, position) {
  const p = Math.min(1, Math.max(0, position));
  if (channel.scale === 'logarithmic' && channel.min > 0) {
    return channel.min * Math.pow(channel.max / channel.min, p);
  }
  return channel.min + p * (channel.max - channel.min);
}

export function formatValue(channel, value) {
  if (channel.unit === 'Hz') {
    return value >= 1000 ? `${(value / 1000).toFixed(value >= 10000 ? 1 : 2)} kHz` : `${Math.round(value)} Hz`;
  }
  if (channel.max <= 1 && channel.min >= 0) return `${Math.round(value * 100)}%`;
  return `${value.toFixed(2)}${channel.unit ? ` ${channel.unit}` : ''}`;
}

export class Knob extends EventTarget {
  constructor(channel) {
    super();
    this.channel = channel;
    this.value = channel.default;
    this.element = document.createElement('div');
    this.element.className = 'knob-control';
    this.dial = document.createElement('div');
    this.dial.className = 'knob';
    this.dial.tabIndex = 0;
    this.dial.setAttribute('role', 'slider');
    this.dial.setAttribute('aria-label', channel.label);
    this.dial.setAttribute('aria-valuemin', String(channel.min));
    this.dial.setAttribute('aria-valuemax', String(channel.max));
    this.dial.dataset.channel = channel.name;
    const label = document.createElement('div');
    label.className = 'knob-label';
    label.textContent = channel.label;
    this.readout = document.createElement('div');
    this.readout.className = 'knob-value';
    this.element.append(this.dial, label, this.readout);
    this.bind();
    this.render();
  }

  setValue(value, { notify = true } = {}) {
    const clamped = Math.min(this.channel.max, Math.max(this.channel.min, value));
    if (clamped === this.value && notify) return;
    this.value = clamped;
    this.render();
    if (notify) this.dispatchEvent(new CustomEvent('change', { detail: { name: this.channel.name, value: clamped } }));
  }

  nudge(positionDelta) {
    this.setValue(fromPosition(this.channel, toPosition(this.channel, this.value) + positionDelta));
  }

  bind() {
    let dragging = null;
    this.dial.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      this.dial.setPointerCapture(event.pointerId);
      this.dial.focus();
      dragging = { y: event.clientY, position: toPosition(this.channel, this.value) };
    });
    this.dial.addEventListener('pointermove', (event) => {
      if (!dragging) return;
      const fine = event.shiftKey ? 0.25 : 1;
      this.setValue(fromPosition(this.channel, dragging.position + ((dragging.y - event.clientY) / 180) * fine));
    });
    const stop = () => { dragging = null; };
    this.dial.addEventListener('pointerup', stop);
    this.dial.addEventListener('pointercancel', stop);
    this.dial.addEventListener('wheel', (event) => {
      event.preventDefault();
      this.nudge(event.deltaY < 0 ? 0.02 : -0.02);
    }, { passive: false });
    this.dial.addEventListener('dblclick', () => this.setValue(this.channel.default));
    this.dial.addEventListener('keydown', (event) => {
      const steps = { ArrowUp: 0.02, ArrowRight: 0.02, ArrowDown: -0.02, ArrowLeft: -0.02, PageUp: 0.1, PageDown: -0.1 };
      if (event.key in steps) {
        event.preventDefault();
        event.stopPropagation();
        this.nudge(steps[event.key]);
      } else if (event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        this.setValue(event.key === 'Home' ? this.channel.min : this.channel.max);
      }
    });
  }

  render() {
    const position = toPosition(this.channel, this.value);
    this.dial.style.setProperty('--angle', `${position * SWEEP_DEGREES - SWEEP_DEGREES / 2}deg`);
    this.dial.style.setProperty('--fill', `${position * SWEEP_DEGREES}deg`);
    this.dial.setAttribute('aria-valuenow', String(this.value));
    this.dial.setAttribute('aria-valuetext', formatValue(this.channel, this.value));
    this.readout.textContent = formatValue(this.channel, this.value);
  }
}

// Sends at most one update per interval per channel, always ending on the latest value.
export function throttleLatest(send, intervalMs = 50) {
  const pending = new Map();
  const timers = new Map();
  return (name, value) => {
    pending.set(name, value);
    if (timers.has(name)) return;
    const flush = () => {
      if (!pending.has(name)) {
        timers.delete(name);
        return;
      }
      const latest = pending.get(name);
      pending.delete(name);
      send(name, latest);
      timers.set(name, setTimeout(flush, intervalMs));
    };
    flush();
  };
}
