// ShareDB 7 as its users run it: the in-memory backend (MemoryDB), the ot-text-unicode type (plain text, operational
// transform counted in Unicode code points, as Switchboard counts), WebSocket clients through the `ws` library and
// @teamwork/websocket-json-stream (ShareDB's documented wiring). Any collection, any document id: documents are
// created by the first client that creates them. GET /heap: heap after a full GC (collab-heap.mjs).
// Usage: node --expose-gc sharedb-server.mjs [--port P] [--host H]. Prints `listening <port>` when ready.
import http from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';
import ShareDB from 'sharedb';
import WebSocketJSONStream from '@teamwork/websocket-json-stream';
import { parseArgs, exitOnSignal } from './relay-subset.mjs';
import { answerHeap } from './collab-heap.mjs';

const require = createRequire(import.meta.url);
const otText = require('ot-text-unicode');
ShareDB.types.register(otText.type);

const { port, host } = parseArgs(process.argv.slice(2));
const backend = new ShareDB();
const server = http.createServer((req, res) => {
  if (!answerHeap(req, res)) {
    res.writeHead(404);
    res.end();
  }
});
const wss = new WebSocketServer({ server, maxPayload: 1 << 20, perMessageDeflate: false });
wss.on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
server.listen(port, host, () => {
  const version = require('sharedb/package.json').version;
  console.log(`sharedb ${version} (ot-text-unicode ${require('ot-text-unicode/package.json').version}), node ${process.version}`);
  console.log(`listening ${server.address().port}`);
});
exitOnSignal((done) => {
  wss.close();
  backend.close(() => server.close(done));
});
