// The WebSocket connection (docs/protocol/websocket.md): JSON frames, token in ?token= (browsers cannot set
// headers on a WebSocket), replies matched to requests by id, automatic reconnection with backoff.

export class Connection extends EventTarget {
  constructor(url, token) {
    super();
    this.url = url;
    this.token = token;
    this.socket = null;
    this.ready = null; // the `ready` message of the current connection
    this.pending = new Map(); // id -> {resolve, reject}
    this.nextId = 1;
    this.closed = false;
    this.backoffMs = 500;
  }

  get isOpen() {
    return this.ready !== null && this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  id(prefix) {
    return `${prefix}${this.nextId++}`;
  }

  /** Offline: reconnect now rather than after the back-off (the "Retry now" button). */
  retryNow() {
    if (this.closed || (this.socket && this.socket.readyState <= 1)) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoffMs = 500;
    this.connect();
  }

  connect() {
    const sep = this.url.includes('?') ? '&' : '?';
    const socket = new WebSocket(`${this.url}${sep}token=${encodeURIComponent(this.token)}`, ['switchboard.v1.json']);
    this.socket = socket;
    this.emit('status', { status: 'connecting' });
    socket.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      this.dispatch(msg);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.ready = null;
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
      this.emit('status', { status: 'offline', code: ev.code, reason: ev.reason, retryInMs: this.closed ? null : this.backoffMs });
      if (!this.closed) {
        this.retryTimer = setTimeout(() => { this.retryTimer = null; if (!this.closed) this.connect(); }, this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, 10000);
      }
    };
  }

  dispatch(msg) {
    if (msg.type === 'batch' && Array.isArray(msg.messages)) {
      msg.messages.forEach((m) => this.dispatch(m));
      return;
    }
    if (msg.type === 'ready') {
      this.ready = msg;
      this.backoffMs = 500;
      this.emit('status', { status: 'online', ready: msg });
      this.emit('ready', msg);
      return;
    }
    const ref = msg.type === 'error' ? msg.ref : msg.id;
    if (ref !== undefined && ref !== null && this.pending.has(ref)
        && ['error', 'subscribed', 'unsubscribed', 'joined', 'left', 'ack'].includes(msg.type)) {
      const p = this.pending.get(ref);
      this.pending.delete(ref);
      if (msg.type === 'error') {
        const e = new Error(msg.message || msg.code);
        e.code = msg.code;
        p.reject(e);
      } else {
        p.resolve(msg);
      }
      return;
    }
    this.emit(msg.type, msg);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  on(type, fn) {
    const listener = (ev) => fn(ev.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  send(msg) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }

  /** Sends a message with an `id` and resolves with the reply that carries it (or rejects with its error). */
  request(msg, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new Error('not connected'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(msg.id);
        reject(new Error(`no reply to ${msg.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(msg.id, {
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.send(msg);
    });
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.close(1000, 'bye');
  }
}
