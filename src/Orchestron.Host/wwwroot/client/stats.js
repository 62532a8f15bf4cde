// Reads RTCPeerConnection.getStats() once a second and shows what a musician needs to judge the link.

export class ConnectionStats {
  constructor(container) {
    this.cells = Object.fromEntries(
      [...container.querySelectorAll('[data-stat]')].map((cell) => [cell.dataset.stat, cell]));
    this.timer = 0;
    this.previous = null;
    this.latest = null;
  }

  start(pc) {
    this.stop();
    this.timer = setInterval(() => this.sample(pc).catch(() => {}), 1000);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
    this.previous = null;
    this.latest = null;
    for (const cell of Object.values(this.cells)) cell.textContent = '—';
  }

  async sample(pc) {
    if (pc.connectionState === 'closed') return;
    const report = await pc.getStats();
    let inbound = null;
    let pair = null;
    report.forEach((entry) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') inbound = entry;
      if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') pair = entry;
    });
    if (!pair) {
      report.forEach((entry) => {
        if (entry.type === 'transport' && entry.selectedCandidatePairId) pair = report.get(entry.selectedCandidatePairId);
      });
    }

    const stats = {
      rttMs: pair?.currentRoundTripTime !== undefined ? pair.currentRoundTripTime * 1000 : null,
      jitterMs: inbound?.jitter !== undefined ? inbound.jitter * 1000 : null,
      packetsLost: inbound?.packetsLost ?? null,
      packetsReceived: inbound?.packetsReceived ?? null,
      jitterBufferMs: inbound?.jitterBufferEmittedCount
        ? (inbound.jitterBufferDelay / inbound.jitterBufferEmittedCount) * 1000 : null,
      concealedSamples: inbound?.concealedSamples ?? null,
      totalSamplesReceived: inbound?.totalSamplesReceived ?? null,
      bytesReceived: inbound?.bytesReceived ?? null,
      timestamp: inbound?.timestamp ?? null,
      bitrateKbps: null,
    };
    if (this.previous?.bytesReceived != null && stats.bytesReceived != null && stats.timestamp > this.previous.timestamp) {
      stats.bitrateKbps = ((stats.bytesReceived - this.previous.bytesReceived) * 8) / (stats.timestamp - this.previous.timestamp);
    }
    this.previous = stats;
    this.latest = stats;
    this.render(stats);
  }

  render(s) {
    this.cells.rtt.textContent = s.rttMs == null ? '—' : `${s.rttMs.toFixed(1)} ms`;
    this.cells.jitter.textContent = s.jitterMs == null ? '—' : `${s.jitterMs.toFixed(1)} ms`;
    this.cells.packetsLost.textContent = s.packetsLost == null ? '—'
      : `${s.packetsLost}${s.packetsReceived ? ` (${((100 * s.packetsLost) / (s.packetsLost + s.packetsReceived)).toFixed(2)}%)` : ''}`;
    this.cells.jitterBuffer.textContent = s.jitterBufferMs == null ? '—' : `${s.jitterBufferMs.toFixed(0)} ms`;
    this.cells.concealed.textContent = s.concealedSamples == null ? '—'
      : `${s.concealedSamples}${s.totalSamplesReceived ? ` (${((100 * s.concealedSamples) / s.totalSamplesReceived).toFixed(2)}%)` : ''}`;
    this.cells.bitrate.textContent = s.bitrateKbps == null ? '—' : `${s.bitrateKbps.toFixed(0)} kbit/s`;
  }
}
