// Vital signs: GET /api/health and GET /metrics every 2 s. Messages per second come from the deltas of
// switchboard_ws_messages_total (all directions and types) between two scrapes.

import { health, metricsText } from './api.js';

const INTERVAL_MS = 2000;

/** Sum of every sample of `name` (any labels) in Prometheus text format; null when absent. */
export function sumMetric(text, name) {
  let total = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue; // e.g. name_created, another metric
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total = (total || 0) + value;
  }
  return total;
}

export class Vitals {
  constructor(els) {
    this.els = els;
    this.previous = null; // {t, messages}
    this.timer = null;
  }

  start() {
    this.tick();
    this.timer = setInterval(() => this.tick(), INTERVAL_MS);
  }

  stop() {
    clearInterval(this.timer);
  }

  async tick() {
    try {
      const h = await health();
      this.els.status.textContent = h.status || '?';
      this.els.node.textContent = h.nodeId ? `${h.nodeId}${h.clustered ? ' (clustered)' : ''}` : '—';
      this.els.uptime.textContent = h.uptimeSeconds !== undefined ? `${h.uptimeSeconds} s` : '—';
      this.els.members.replaceChildren();
      for (const m of h.members || []) {
        const li = document.createElement('li');
        li.textContent = String(m);
        this.els.members.append(li);
      }
    } catch (e) {
      this.els.status.textContent = `unreachable (${e.message})`;
    }
    try {
      const text = await metricsText();
      const now = performance.now();
      const connections = sumMetric(text, 'switchboard_ws_connections');
      const messages = sumMetric(text, 'switchboard_ws_messages_total');
      this.els.connections.textContent = connections === null ? '—' : String(connections);
      if (messages !== null && this.previous) {
        const rate = Math.max(0, messages - this.previous.messages) / ((now - this.previous.t) / 1000);
        this.els.rate.textContent = rate.toFixed(1);
      } else {
        this.els.rate.textContent = messages === null ? '—' : 'measuring…';
      }
      if (messages !== null) this.previous = { t: now, messages };
    } catch (e) {
      this.els.connections.textContent = `— (${e.message})`;
    }
  }
}
