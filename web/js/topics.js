// Topic feed: subscribe to topics, publish JSON or text, show deliveries live (as text).

const MAX_MESSAGES = 200;

export class TopicFeed {
  constructor(conn, els) {
    this.conn = conn;
    this.els = els; // {list, subscriptions, error}
    this.topics = new Set();
    conn.on('deliver', (m) => this.onDeliver(m));
    conn.on('ready', () => this.resubscribe());
  }

  async subscribe(topic) {
    this.els.error.textContent = '';
    if (!topic || this.topics.has(topic)) return;
    try {
      await this.conn.request({ type: 'subscribe', id: this.conn.id('s'), topic });
      this.topics.add(topic);
      this.renderSubscriptions();
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
