// A Node.js `ws` WebSocket server speaking the relay subset (relay-subset.mjs), one JSON envelope per text frame.
// Usage: node ws-relay.mjs [--port P] [--host H]. Prints `listening <port>` when ready; exits on SIGTERM.
import { WebSocketServer } from 'ws';
import { createRequire } from 'node:module';
import { READY, handle, error, parseArgs, exitOnSignal } from './relay-subset.mjs';

const { port, host } = parseArgs(process.argv.slice(2));
/** topic -> Set of sockets */
const topics = new Map();

// 1 MiB messages like Switchboard's ws.max-frame-bytes; no compression (the load client offers none anyway)
const wss = new WebSocketServer({ host, port, maxPayload: 1 << 20, perMessageDeflate: false });

wss.on('connection', (ws) => {
  const mine = new Set();
  const peer = {
    send: (m) => ws.send(JSON.stringify(m)),
    subscribe: (t) => {
      mine.add(t);
      if (!topics.has(t)) topics.set(t, new Set());
      topics.get(t).add(ws);
    },
    unsubscribe: (t) => {
      mine.delete(t);
      topics.get(t)?.delete(ws);
    },
    deliver: (t, m) => {
      const subs = topics.get(t);
      if (!subs || subs.size === 0) return;
      const text = JSON.stringify(m); // encoded once for every subscriber
      for (const s of subs) s.send(text);
    },
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      peer.send(error('malformed', 'this relay speaks JSON text frames only'));
      return;
    }
    let m;
    try {
      m = JSON.parse(data.toString());
    } catch {
      peer.send(error('malformed', 'not JSON'));
      return;
    }
    handle(m, peer);
  });
  ws.on('close', () => mine.forEach((t) => topics.get(t)?.delete(ws)));
  ws.on('error', () => {});
  peer.send(READY);
});

wss.on('listening', () => {
  console.log(`node-ws: ws ${createRequire(import.meta.url)('ws/package.json').version} on Node ${process.version}`);
  console.log(`listening ${wss.address().port}`);
});
wss.on('error', (e) => {
  console.error(`node-ws: ${e.message}`);
  process.exit(1);
});
exitOnSignal((done) => {
  wss.clients.forEach((c) => c.terminate());
  wss.close(done);
});
