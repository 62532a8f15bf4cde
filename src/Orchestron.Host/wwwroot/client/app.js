// The Orchestron client: choose an instrument, run a session, hear it over WebRTC and play it.

import {
  api, ApiError, adoptListenLinkFromLocation, adoptOperatorTokenFromLocation, deleteSessionOnUnload, listenLink,
} from './api.js';
import { BrowserAudio } from './browser-audio.js';
import { attachLowLatencyAudio } from './low-latency-audio.js';
import { LevelMeter } from './meter.js';
import { ConnectionStats } from './stats.js';
import { PianoKeyboard, noteName } from './keyboard.js';
import { Knob, throttleLatest } from './knobs.js';
import { ControlChannel } from './control-channel.js';
import { MidiInput } from './midi-input.js';

const $ = (id) => document.getElementById(id);

adoptOperatorTokenFromLocation();
const invitedSessionId = adoptListenLinkFromLocation();

const state = {
  config: null,
  instruments: [],
  selectedId: null,
  sessionId: null,
  isolation: null,
  running: false,
  listenOnly: false,
  busy: false,
  channelValues: new Map(),
};

const browserAudio = new BrowserAudio($('audio-player'));
let lowLatency = null;
const meter = new LevelMeter({
  fills: [$('meter-left'), $('meter-right')],
  peakMarks: [$('meter-peak-left'), $('meter-peak-right')],
});
const stats = new ConnectionStats($('stats'));
const keyboard = new PianoKeyboard($('keyboard'), { octave: 4 });
const control = new ControlChannel();
const midiInput = new MidiInput();

window.orchestron = {
  get pc() { return browserAudio.pc; },
  get analyser() { return meter.analyser; },
  get analysers() { return meter.analysers; },
  get audioState() { return browserAudio.state; },
  get audioPath() { return browserAudio.path; },
  get lowLatency() { return lowLatency; },
  get sessionId() { return state.sessionId; },
  get running() { return state.running; },
  get listenOnly() { return state.listenOnly; },
  get stats() { return stats.latest; },
  get config() { return state.config; },
  get controlPath() { return control.path; },
  audio: $('audio-player'),
  keyboard,
  control,
  midiInput,
  meter,
  browserAudio,
};

// ---------- errors ----------

function showError(error, context) {
  const title = error instanceof ApiError ? error.title : (context || 'Something went wrong');
  const detail = error instanceof ApiError ? error.detail : (error?.message || String(error));
  $('error-title').textContent = context && error instanceof ApiError ? `${context}: ${title}` : title;
  $('error-detail').textContent = detail;
  $('error-banner').hidden = false;
}

function clearError() {
  $('error-banner').hidden = true;
}

$('error-dismiss').addEventListener('click', clearError);

// ---------- server, runtime and instruments ----------

async function checkHealth() {
  const pill = $('server-status');
  try {
    const health = await api.health();
    pill.dataset.state = health?.status === 'ok' ? 'online' : 'offline';
    pill.querySelector('.pill-text').textContent = health?.status === 'ok' ? 'Server online' : 'Server unhealthy';
  } catch {
    pill.dataset.state = 'offline';
    pill.querySelector('.pill-text').textContent = 'Server unreachable';
  }
}

async function loadRuntime() {
  try {
    state.config = await api.runtimeConfig();
  } catch (error) {
    showError(error, 'Loading the runtime configuration');
    return;
  }
  lowLatency = await attachLowLatencyAudio(browserAudio, state.config, $('audio-path'));
  const { audioOutputMode, frameMs, iceServers = [] } = state.config;
  const streaming = audioOutputMode === 'streaming';
  $('runtime-mode').textContent = streaming ? 'Streaming' : 'Local device';
  $('runtime-frame').textContent = streaming ? `${frameMs} ms` : '—';
  showIceServers(iceServers);
  const badge = $('mode-badge');
  badge.textContent = streaming ? `Streaming · ${frameMs} ms frames` : 'Local audio device';
  badge.hidden = false;
  $('browser-audio').dataset.mode = streaming ? 'streaming' : 'local';
  $('local-note').hidden = streaming;
}

// Relay entries arrive only with a session's token, so the count grows once a session connects.
function showIceServers(iceServers) {
  const relays = iceServers.filter((s) => [].concat(s.urls).some((u) => u.startsWith('turn'))).length;
  $('runtime-ice').textContent = iceServers.length === 0 ? 'Direct' : `${iceServers.length}${relays ? ` · ${relays} TURN` : ''}`;
}

async function loadInstruments() {
  try {
    const list = await api.instruments();
    state.instruments = list.instruments ?? [];
    state.selectedId = list.defaultInstrument ?? state.instruments[0]?.id ?? null;
  } catch (error) {
    $('instrument-list').innerHTML = '<div class="placeholder">No instruments available.</div>';
    showError(error, 'Loading the instruments');
    return;
  }
  renderInstruments();
  renderKnobs();
  updateTransport();
}

// The operator's own CSD, offered beside the library where the host accepts CSD text; it always runs sandboxed.
const OWN_CSD = 'own-csd';
const ownInstrument = {
  id: OWN_CSD,
  name: 'Your instrument',
  description: 'Paste or open a .csd of your own',
  channels: [],
  own: true,
};

function offersOwnCsd() {
  return state.config?.csdText?.accepted === true;
}

function selectedInstrument() {
  if (state.selectedId === OWN_CSD) return offersOwnCsd() ? ownInstrument : null;
  return state.instruments.find((i) => i.id === state.selectedId) ?? null;
}

function renderInstruments() {
  const list = $('instrument-list');
  const entries = offersOwnCsd() ? [...state.instruments, ownInstrument] : state.instruments;
  const reason = state.config?.csdText?.reason;
  $('csd-unavailable').hidden = offersOwnCsd() || !reason;
  $('csd-unavailable').textContent = reason ? `Your own instrument: ${reason}` : '';
  $('csd-editor').hidden = state.selectedId !== OWN_CSD || !offersOwnCsd();
  list.replaceChildren(...entries.map((instrument) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = instrument.own ? 'instrument instrument-own' : 'instrument';
    button.dataset.instrument = instrument.id;
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', String(instrument.id === state.selectedId));
    button.innerHTML = '<span class="instrument-radio"></span><span class="instrument-name"></span><span class="instrument-desc"></span>';
    button.querySelector('.instrument-name').textContent = instrument.name;
    if (instrument.isDefault) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = 'Default';
      button.querySelector('.instrument-name').append(tag);
    }
    button.querySelector('.instrument-desc').textContent = instrument.description;
    button.addEventListener('click', () => chooseInstrument(instrument.id));
    return button;
  }));
}

let knobs = [];
const sendChannel = throttleLatest((name, value) => {
  if (!state.running || state.listenOnly) return;
  if (control.setChannel(name, value)) return;
  api.setChannel(state.sessionId, name, value).catch((error) => showError(error, `Setting ${name}`));
});

function renderKnobs() {
  const instrument = selectedInstrument();
  const container = $('knobs');
  if (!instrument || instrument.channels.length === 0) {
    container.innerHTML = '<div class="placeholder">This instrument has no controls.</div>';
    knobs = [];
    return;
  }
  knobs = instrument.channels.map((channel) => {
    const knob = new Knob(channel);
    const remembered = state.channelValues.get(`${instrument.id}/${channel.name}`);
    if (remembered !== undefined) knob.setValue(remembered, { notify: false });
    knob.addEventListener('change', (event) => {
      state.channelValues.set(`${instrument.id}/${event.detail.name}`, event.detail.value);
      sendChannel(event.detail.name, event.detail.value);
    });
    return knob;
  });
  container.replaceChildren(...knobs.map((k) => k.element));
}

async function chooseInstrument(id) {
  if (id === state.selectedId || state.busy) return;
  state.selectedId = id;
  renderInstruments();
  renderKnobs();
  if (state.sessionId) {
    // Switching instruments while playing starts a fresh session with the new one.
    await stopSession();
    await startSession();
  }
}

// ---------- session ----------

function setSessionState(label, stateName) {
  const element = $('session-state');
  element.textContent = label;
  element.dataset.state = stateName;
}

function updateTransport() {
  const hasInstrument = Boolean(selectedInstrument());
  $('start-button').disabled = state.busy || state.running || !hasInstrument || state.listenOnly;
  $('stop-button').disabled = state.busy || !state.sessionId || state.listenOnly;
  $('panic-button').disabled = state.busy || !state.running || state.listenOnly;
  for (const button of document.querySelectorAll('.instrument')) button.disabled = state.busy || state.listenOnly;
  $('session-id').textContent = state.sessionId ? `session ${state.sessionId}` : '';
  // Where the session's Csound runs: the host's process, or a sandboxed worker (always so for CSD text).
  const isolation = $('session-isolation');
  isolation.hidden = !state.sessionId || !state.isolation;
  isolation.textContent = state.isolation === 'sandbox' ? 'sandboxed' : 'in-process';
  isolation.dataset.isolation = state.isolation ?? '';
  isolation.title = state.isolation === 'sandbox'
    ? 'Csound runs in a sandboxed worker process: no network, no host files, resource limits'
    : "Csound runs in the server's own process";
  const link = state.running && !state.listenOnly ? listenLink(state.sessionId) : null;
  $('listen-link').hidden = !link;
  $('listen-link-anchor').href = link ?? '#';
}

async function startSession() {
  if (state.busy || state.running) return;
  const instrument = selectedInstrument();
  if (!instrument) return;
  clearError();
  state.busy = true;
  meter.ensureContext();
  setSessionState('Starting…', 'starting');
  updateTransport();
  $('csd-errors').hidden = true;
  try {
    const created = await api.createSession(instrument.own ? { csd: ownCsdText() } : instrument.id);
    if (!created?.id) throw new Error('The server did not return a session id.');
    state.sessionId = created.id;
    state.isolation = created.isolation ?? null;
    await api.startSession(state.sessionId);
    state.running = true;
    setSessionState(`Running · ${instrument.name}`, 'running');
    for (const knob of knobs) {
      if (knob.value !== knob.channel.default) sendChannel(knob.channel.name, knob.value);
    }
    if (state.config?.audioOutputMode === 'streaming') connectAudio();
  } catch (error) {
    if (instrument.own && error instanceof ApiError && error.errors.length > 0) showCompileErrors(error.errors);
    else showError(error, 'Starting the session');
    setSessionState('Could not start', 'error');
    if (state.sessionId) {
      api.deleteSession(state.sessionId).catch(() => {});
      state.sessionId = null;
    }
    state.running = false;
  } finally {
    state.busy = false;
    updateTransport();
  }
}

function ownCsdText() {
  const text = $('csd-text').value;
  if (!text.trim()) throw new Error('Paste a CSD or open a .csd file first.');
  return text;
}

// Csound's messages as it wrote them: they name the line (of the orchestra, as Csound counts it) where it stopped.
function showCompileErrors(errors) {
  $('csd-error-list').replaceChildren(...errors.map((line) => {
    const item = document.createElement('li');
    item.textContent = line;
    return item;
  }));
  $('csd-errors').hidden = false;
}

$('csd-file').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  $('csd-text').value = await file.text();
  $('csd-file-name').textContent = file.name;
  $('csd-errors').hidden = true;
  event.target.value = '';
});

async function stopSession() {
  if (!state.sessionId) return;
  const id = state.sessionId;
  state.busy = true;
  keyboard.releaseAll();
  updateTransport();
  browserAudio.disconnect('Session stopped.');
  stats.stop();
  meter.detach();
  try {
    if (state.running) await api.stopSession(id);
    await api.deleteSession(id);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) showError(error, 'Stopping the session');
  } finally {
    state.sessionId = null;
    state.isolation = null;
    state.running = false;
    state.busy = false;
    setSessionState('Stopped', 'none');
    updateTransport();
  }
}

async function panic() {
  keyboard.releaseAll();
  if (!state.running) return;
  try {
    if (!control.panic()) await api.panic(state.sessionId);
  } catch (error) {
    showError(error, 'All notes off');
  }
}

$('start-button').addEventListener('click', startSession);
$('stop-button').addEventListener('click', stopSession);
$('panic-button').addEventListener('click', panic);
window.addEventListener('pagehide', () => {
  if (state.sessionId && !state.listenOnly) deleteSessionOnUnload(state.sessionId);
});

// ---------- browser audio ----------

browserAudio.addEventListener('state', (event) => {
  const { state: audioState, reason } = event.detail;
  const status = $('audio-status');
  status.dataset.state = audioState;
  $('audio-status-text').textContent = audioState;
  $('audio-reason').textContent = reason || (audioState === 'idle' ? 'Start a session to hear it here.' : '');
  if (audioState === 'live') stats.start(browserAudio.pc);
  if (audioState === 'idle' || audioState === 'error') {
    control.detach();
    stats.stop();
    $('play-button').hidden = true;
  }
  $('reconnect-button').hidden = !(audioState === 'error' && state.running);
});

// TURN credentials come with the session's token and expire (ten minutes by default), so they are fetched
// afresh for every connection and renewed while it lasts, well before they run out.
let credentialRenewal = 0;

async function connectAudio() {
  const id = state.sessionId;
  let iceServers = state.config?.iceServers ?? [];
  let ttlSeconds = null;
  try {
    const config = await api.runtimeConfig(id);
    iceServers = config?.iceServers ?? iceServers;
    ttlSeconds = config?.iceCredentialTtlSeconds ?? null;
    showIceServers(iceServers);
  } catch {
    // The configuration loaded at start-up is still worth a try.
  }
  if (state.running && state.sessionId === id) {
    browserAudio.connect(id, iceServers, state.config?.janus === true);
    scheduleCredentialRenewal(id, ttlSeconds);
  }
}

function scheduleCredentialRenewal(id, ttlSeconds) {
  clearTimeout(credentialRenewal);
  if (!ttlSeconds) return;
  credentialRenewal = setTimeout(async () => {
    if (!state.running || state.sessionId !== id) return;
    try {
      const config = await api.runtimeConfig(id);
      // New credentials serve any ICE gathering from now on (restarts, relays re-allocated).
      browserAudio.pc?.setConfiguration({ ...browserAudio.pc.getConfiguration(), iceServers: config.iceServers });
      scheduleCredentialRenewal(id, config?.iceCredentialTtlSeconds ?? null);
    } catch {
      scheduleCredentialRenewal(id, 30);
    }
  }, ttlSeconds * 800);
}

$('reconnect-button').addEventListener('click', () => {
  meter.ensureContext();
  if (state.running && state.config?.audioOutputMode === 'streaming') connectAudio();
});

browserAudio.addEventListener('stream', (event) => {
  if (event.detail) meter.attach(event.detail);
  else meter.detach();
});

browserAudio.addEventListener('autoplay', (event) => {
  $('play-button').hidden = !event.detail.blocked;
  if (event.detail.blocked) $('audio-reason').textContent = 'Your browser blocked autoplay: click to play.';
});

$('play-button').addEventListener('click', async () => {
  meter.ensureContext();
  await browserAudio.play();
});

// ---------- keyboard and MIDI ----------

let warnedNoSession = false;

function sendMidi(message) {
  if (state.listenOnly) {
    if (!warnedNoSession) {
      showError(new Error('This page came from a listen link: it hears the session but cannot play it.'), 'Listening only');
      warnedNoSession = true;
    }
    return;
  }
  if (!state.running) {
    if (!warnedNoSession) {
      showError(new Error('Press Start to begin a session, then play.'), 'No session is running');
      warnedNoSession = true;
    }
    return;
  }
  if (sendOverControlChannel(message)) return;
  api.midi(state.sessionId, message, 0).catch((error) => showError(error, 'Sending a note'));
}

// True when the control channel took the message; false sends it over HTTP.
function sendOverControlChannel([status, data1, data2]) {
  const kind = status & 0xf0;
  const channel = status & 0x0f;
  if (kind === 0x90 && data2 > 0) return control.noteOn(data1, data2, channel);
  if (kind === 0x80 || kind === 0x90) return control.noteOff(data1, channel);
  return control.midi([status, data1, data2]);
}

// ---------- control path ----------

browserAudio.addEventListener('peerconnection', (event) => control.attach(event.detail, !state.listenOnly));

control.addEventListener('change', (event) => {
  const { path, rttMs } = event.detail;
  const label = $('control-path');
  label.dataset.path = path;
  label.textContent = path === 'datachannel'
    ? `Control: data channel${rttMs == null ? '' : ` · ${rttMs.toFixed(1)} ms round trip`}`
    : 'Control: HTTP';
});

control.addEventListener('refused', (event) => showError(new Error(event.detail.detail), event.detail.title));

// ---------- Web MIDI ----------

function showMidiDevices({ inputs, selectedId, listening }) {
  const select = $('midi-input');
  select.replaceChildren(new Option('Off', ''), ...inputs.map((input) => new Option(input.name, input.id)));
  select.value = inputs.some((input) => input.id === selectedId) ? selectedId : '';
  select.closest('label').hidden = false;
  const chosen = inputs.find((input) => input.id === selectedId);
  $('midi-status').textContent = inputs.length === 0
    ? 'No MIDI input is connected.'
    : listening ? `Playing from ${chosen.name}.` : selectedId ? 'The chosen device is unplugged.' : `${inputs.length} MIDI input${inputs.length === 1 ? '' : 's'} found.`;
}

$('midi-enable').addEventListener('click', async () => {
  try {
    const inputs = await midiInput.enable();
    $('midi-enable').hidden = true;
    // With one device there is nothing to choose.
    if (inputs.length === 1 && !midiInput.selectedId) midiInput.select(inputs[0].id);
    showMidiDevices({ inputs: midiInput.inputs(), selectedId: midiInput.selectedId, listening: !!midiInput.input });
  } catch (error) {
    $('midi-status').textContent = `MIDI is not available: ${error?.message || error}`;
  }
});
$('midi-enable').hidden = !midiInput.supported;
$('midi-input').addEventListener('change', (event) => {
  midiInput.select(event.target.value);
  showMidiDevices({ inputs: midiInput.inputs(), selectedId: midiInput.selectedId, listening: !!midiInput.input });
});
midiInput.addEventListener('devices', (event) => showMidiDevices(event.detail));
midiInput.addEventListener('message', (event) => sendMidi(event.detail));

const velocity = $('velocity');
velocity.addEventListener('input', () => { $('velocity-value').textContent = velocity.value; });
keyboard.addEventListener('noteon', (event) => sendMidi([0x90, event.detail.note, Number(velocity.value)]));
keyboard.addEventListener('noteoff', (event) => sendMidi([0x80, event.detail.note, 0]));
keyboard.addEventListener('octave', (event) => { $('octave-value').textContent = noteName(event.detail.lowest); });
$('octave-down').addEventListener('click', () => keyboard.setOctave(keyboard.octave - 1));
$('octave-up').addEventListener('click', () => keyboard.setOctave(keyboard.octave + 1));
$('octave-value').textContent = noteName(keyboard.lowestNote);

// ---------- start ----------

checkHealth();
setInterval(checkHealth, 15000);
await Promise.all([loadRuntime(), loadInstruments()]);
// The library and the runtime configuration arrive separately; the own-CSD entry needs both.
renderInstruments();
if (invitedSessionId) listenToInvitation(invitedSessionId);
document.body.dataset.ready = 'true';

// A listen link's page joins the owner's running session as a listener: no session of its own, no control.
function listenToInvitation(id) {
  state.sessionId = id;
  state.running = true;
  state.listenOnly = true;
  setSessionState('Listening', 'running');
  updateTransport();
  api.session(id).then((session) => {
    state.isolation = session?.isolation ?? null;
    updateTransport();
  }).catch(() => {});
  if (state.config?.audioOutputMode === 'streaming') connectAudio();
}
