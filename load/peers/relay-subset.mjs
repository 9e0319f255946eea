// The relay subset of Switchboard's protocol (docs/protocol/websocket.md) that every peer speaks, shared by the
// Node peers so that they differ only in their transport: ready first, subscribe -> subscribed,
// unsubscribe -> unsubscribed, publish -> ack (when asked, before any delivery) + deliver to every subscriber of
// the topic (the publisher too when subscribed), ping -> pong. JSON only; no auth, no history, no limits.

export const READY = { type: 'ready' };

/** Per-topic sequence counters: a publish gets the next seq of its topic. */
const seqs = new Map();

/**
 * Handles one parsed client envelope. `peer` is what the transport provides:
 * send(envelope) to this client, subscribe(topic) / unsubscribe(topic) for this client, and
 * deliver(topic, envelope) to every subscriber of the topic.
 */
export function handle(m, peer) {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    peer.send(error('malformed', 'not a JSON object'));
    return;
  }
  const topic = typeof m.topic === 'string' ? m.topic : null;
  switch (m.type) {
    case 'ping':
      peer.send({ type: 'pong', ts: m.ts });
      return;
    case 'subscribe':
    case 'unsubscribe':
      if (topic === null) {
        peer.send(error('missing_field', "missing field 'topic'", m.id));
        return;
      }
      if (m.type === 'subscribe') peer.subscribe(topic); else peer.unsubscribe(topic);
      peer.send({ type: m.type + 'd', id: m.id, topic });
      return;
    case 'publish': {
      if (topic === null) {
        peer.send(error('missing_field', "missing field 'topic'", m.id));
        return;
      }
      const seq = (seqs.get(topic) ?? 0) + 1;
      seqs.set(topic, seq);
      if (m.ack === true) peer.send({ type: 'ack', id: m.id, topic, seq });
      peer.deliver(topic, { type: 'deliver', topic, seq, payload: m.payload, publisher: 'anonymous', ts: Date.now() });
      return;
    }
    default:
      peer.send(error('unknown_type', 'the relay knows ping, subscribe, unsubscribe and publish', m.id));
  }
}

export function error(code, message, ref) {
  return { type: 'error', code, message, ref: ref ?? null };
}

/** `--port P` (0: any free port, the default) and `--host H` (default 127.0.0.1). */
export function parseArgs(argv) {
  const opts = { port: 0, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (name === '--port') opts.port = Number.parseInt(value, 10);
    else if (name === '--host') opts.host = value;
    else {
      console.error(`unknown argument ${argv[i]}; expected --port P, --host H`);
      process.exit(2);
    }
    if (value === undefined || Number.isNaN(opts.port)) {
      console.error(`${name} needs a value`);
      process.exit(2);
    }
  }
  return opts;
}

/** On SIGTERM or SIGINT: close the server, and exit within 2 s whatever is still open. */
export function exitOnSignal(close) {
  const stop = () => {
    setTimeout(() => process.exit(0), 2000).unref();
    close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
