// Receives a session's audio over WebRTC. The server is ICE-lite and does not trickle candidates,
// so the offer is sent once ICE gathering has completed (or after a short wait), with all candidates in it.
// When the host publishes to Janus and the session is published, the page listens through Janus instead:
// Janus offers and the page answers, again with every candidate in the answer. Otherwise it listens directly.

import { api } from './api.js';

const GATHERING_WAIT_MS = 2500;

export class BrowserAudio extends EventTarget {
  constructor(audioElement) {
    super();
    this.audio = audioElement;
    this.pc = null;
    this.stream = null;
    this.state = 'idle';
    this.reason = '';
    this.attempt = 0;
    // 'direct' or 'janus': which path the current connection took.
    this.path = null;
    this.janusViewer = null;
    // Called with each direct connection's peer connection before its offer, to add data channels to it.
    this.beforeOffer = null;
  }

  async connect(sessionId, iceServers, tryJanus = false) {
    this.disconnect('');
    const attempt = ++this.attempt;
    this.setState('connecting', 'Negotiating a WebRTC connection with the server…');
    try {
      if (tryJanus && await this.connectThroughJanus(sessionId, iceServers, attempt)) return;
      if (attempt !== this.attempt) return;
      const pc = this.newPeerConnection(iceServers);
      pc.addTransceiver('audio', { direction: 'recvonly' });
      this.beforeOffer?.(pc);
      this.path = 'direct';
      // Before the offer, so data channels opened now are negotiated with it (the control channel, for one).
      this.dispatchEvent(new CustomEvent('peerconnection', { detail: pc }));

      await pc.setLocalDescription(await pc.createOffer());
      await waitForGathering(pc, GATHERING_WAIT_MS);
      if (attempt !== this.attempt) return;

      const answer = await api.negotiate(sessionId, pc.localDescription);
      if (attempt !== this.attempt) return;
      if (!answer || answer.type !== 'answer' || typeof answer.sdp !== 'string') {
        throw new Error('the server did not answer with an SDP answer');
      }

      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      this.setState('connecting', 'Answer received; waiting for the connection…');
      // The connection may have come up while the answer was on its way: its event has passed, so look again.
      this.onConnectionState(pc);
    } catch (error) {
      if (attempt === this.attempt) {
        this.fail(error?.message || String(error));
      }
    }
  }

  // True when Janus took the listener; false when the session is not published there (or Janus is down), so
  // the caller listens directly instead.
  async connectThroughJanus(sessionId, iceServers, attempt) {
    let offer;
    try {
      offer = await api.janusWatch(sessionId);
    } catch (error) {
      if (error?.status === 409 || error?.status === 502 || error?.status === 503) return false;
      throw error;
    }
    if (attempt !== this.attempt) return true;
    const pc = this.newPeerConnection(iceServers);
    this.path = 'janus';
    this.janusViewer = { sessionId, viewerId: offer.viewerId };
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await waitForGathering(pc, GATHERING_WAIT_MS);
    if (attempt !== this.attempt) return true;
    await api.janusAnswer(sessionId, offer.viewerId, pc.localDescription);
    if (attempt !== this.attempt) return true;
    this.setState('connecting', 'Answer sent to Janus; waiting for the connection…');
    // Janus may connect before its reply to the answer arrives: 'live' was then already set, and overwritten.
    this.onConnectionState(pc);
    return true;
  }

  newPeerConnection(iceServers) {
    const pc = new RTCPeerConnection({ iceServers: iceServers ?? [] });
    this.pc = pc;
    pc.addEventListener('track', (event) => this.onTrack(event));
    pc.addEventListener('connectionstatechange', () => this.onConnectionState(pc));
    pc.addEventListener('iceconnectionstatechange', () => this.onConnectionState(pc));
    return pc;
  }

  disconnect(reason = 'Disconnected.') {
    this.attempt++;
    if (this.janusViewer) {
      const { sessionId, viewerId } = this.janusViewer;
      this.janusViewer = null;
      // Janus frees the viewer's handle now rather than when its connection times out.
      api.janusLeave(sessionId, viewerId).catch(() => {});
    }
    if (this.pc) {
      this.pc.close();
      this.pc = null;
    }
    this.stream = null;
    this.audio.srcObject = null;
    this.setState('idle', reason);
    this.dispatchEvent(new CustomEvent('stream', { detail: null }));
  }

  async play() {
    try {
      await this.audio.play();
      this.dispatchEvent(new CustomEvent('autoplay', { detail: { blocked: false } }));
    } catch (error) {
      // Browsers refuse play() without a user gesture on the page; the person must click once.
      const blocked = error?.name === 'NotAllowedError';
      this.dispatchEvent(new CustomEvent('autoplay', { detail: { blocked, error } }));
    }
  }

  onTrack(event) {
    this.stream = event.streams[0] ?? new MediaStream([event.track]);
    this.audio.srcObject = this.stream;
    this.dispatchEvent(new CustomEvent('stream', { detail: this.stream }));
    this.play();
    this.onConnectionState(this.pc);
  }

  onConnectionState(pc) {
    if (!pc || pc !== this.pc) return;
    const state = pc.connectionState;
    if (state === 'connected' && this.stream) {
      this.setState('live', this.path === 'janus' ? 'Receiving audio through Janus.' : 'Receiving audio from the server.');
    } else if (state === 'failed') {
      this.fail('The connection failed: no network path to the server (check ICE/TURN settings, firewalls and the published UDP port).');
    } else if (state === 'disconnected') {
      this.setState('connecting', 'Connection interrupted; trying to recover…');
    }
  }

  fail(reason) {
    if (this.pc) {
      this.pc.close();
      this.pc = null;
    }
    this.setState('error', reason);
  }

  setState(state, reason) {
    this.state = state;
    this.reason = reason;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, reason } }));
  }
}

function waitForGathering(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}
