// Topic feed: the cluster's active topics with their rates (those this user may read), subscribe, publish JSON or
// text, show deliveries live (as text).

import { activeTopics } from './api.js';

const MAX_MESSAGES = 200;

export class TopicFeed {
  constructor(conn, els) {
    this.conn = conn;
    this.els = els; // {list, subscriptions, error}
    this.topics = new Set();
    conn.on('deliver', (m) => this.onDeliver(m));
    conn.on('ready', () => this.resubscribe());
    setInterval(() => this.renderRates(), 2000);
  }

  /** Why `raw` cannot be sent, or null: text that looks like JSON ({, [ or ") must parse. */
  payloadProblem(raw) {
    const t = raw.trim();
    if (!/^[[{"]/.test(t)) return null;
    try {
      JSON.parse(t);
      return null;
    } catch (e) {
      return e.message;
    }
  }

  /** What will be sent, for the line under the editor. */
  payloadKind(raw) {
    const t = raw.trim();
    return /^[[{"]/.test(t) ? 'Valid JSON: sent as JSON.' : 'Sent as text (start with { or [ to send JSON).';
  }

  async subscribe(topic) {
    this.els.error.textContent = '';
    if (!topic || this.topics.has(topic)) return;
    try {
      await this.conn.request({ type: 'subscribe', id: this.conn.id('s'), topic });
      this.topics.add(topic);
      this.renderSubscriptions();
      this.renderRates();
    } catch (e) {
      this.els.error.textContent = `Subscribe to ${topic} failed: ${e.code || ''} ${e.message}`;
    }
  }

  resubscribe() {
    // after a reconnect: the live feed again (the positions are not kept by this simple client)
    for (const topic of this.topics) {
      this.conn.request({ type: 'subscribe', id: this.conn.id('s'), topic }).catch(() => {});
    }
  }

  /** Publishes `raw` as JSON if it parses, otherwise as a string. Resolves true when acknowledged. */
  async publish(topic, raw) {
    this.els.error.textContent = '';
    let payload;
    try {
      payload = JSON.parse(raw);
    } catch {
      payload = raw;
    }
    try {
      await this.conn.request({ type: 'publish', id: this.conn.id('p'), topic, payload, ack: true });
      return true;
    } catch (e) {
      this.els.error.textContent = `Publish to ${topic} failed: ${e.code || ''} ${e.message}`;
      return false;
    }
  }

  renderSubscriptions() {
    this.els.subscriptions.textContent = this.topics.size ? `Subscribed: ${[...this.topics].join(', ')}` : '';
  }

  /**
   * The topics with traffic over the whole cluster in the last 2 s (GET /api/topics/active, filtered by the server
   * with this user's permissions), with their rates; subscribed ones marked; a click puts the topic in the field.
   */
  async renderRates() {
    if (!this.els.rates) return;
    let body;
    try {
      body = await activeTopics();
    } catch {
      return; // offline or signed out: the last list stays
    }
    this.els.rates.replaceChildren();
    for (const { topic, perSecond } of body.topics || []) {
      const li = document.createElement('li');
      li.dataset.topic = topic;
      if (this.topics.has(topic)) li.className = 'subscribed';
      const name = document.createElement('button');
      name.type = 'button';
      name.className = 'topic-name';
      name.textContent = topic;
      name.addEventListener('click', () => { if (this.els.topicField) this.els.topicField.value = topic; });
      const rate = document.createElement('span');
      rate.className = 'topic-rate';
      rate.textContent = `${Number(perSecond).toFixed(1)} msg/s`;
      li.append(name, ' ', rate);
      this.els.rates.append(li);
    }
    if (this.els.rates.children.length === 0) {
      const li = document.createElement('li');
      li.className = 'hint';
      li.textContent = 'No topic you may read has traffic right now.';
      this.els.rates.append(li);
    }
  }

  onDeliver(m) {
    const li = document.createElement('li');
    li.dataset.topic = m.topic;
    li.dataset.seq = String(m.seq);
    const head = document.createElement('span');
    head.className = 'publisher';
    const time = new Date(m.ts).toLocaleTimeString();
    head.textContent = `${m.publisher} · ${m.topic} #${m.seq} · ${time}`;
    const body = document.createElement('span');
    body.className = 'payload';
    body.textContent = typeof m.payload === 'string' ? m.payload : JSON.stringify(m.payload);
    li.append(head, body);
    this.els.list.prepend(li);
    while (this.els.list.children.length > MAX_MESSAGES) this.els.list.lastElementChild.remove();
  }
}
