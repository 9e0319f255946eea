// Hocuspocus 3 (the Yjs CRDT server of Tiptap) as its users run it without persistence: documents in memory, the
// y-protocols sync and awareness messages over WebSocket, an acknowledgement (SyncStatus) for every update. A
// document stays in memory while a client has it open (Hocuspocus unloads it when the last one leaves). GET /heap:
// heap after a full GC (collab-heap.mjs).
// Usage: node --expose-gc hocuspocus-server.mjs [--port P] [--host H]. Prints `listening <port>` when ready.
import { readFileSync } from 'node:fs';
import { Server } from '@hocuspocus/server';
import { parseArgs, exitOnSignal } from './relay-subset.mjs';
import { answerHeap } from './collab-heap.mjs';

const versionOf = (pkg) => JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url))).version;
const { port, host } = parseArgs(process.argv.slice(2));
const server = new Server({
  port,
  address: host,
  quiet: true,
  stopOnSignals: false,
  async onRequest({ request, response }) {
    if (answerHeap(request, response)) {
      throw null; // answered: no default response
    }
  },
});
await server.listen();
console.log(`hocuspocus ${versionOf('@hocuspocus/server')} (yjs ${versionOf('yjs')}), node ${process.version}`);
console.log(`listening ${server.address.port}`);
exitOnSignal((done) => server.destroy().then(done, done));
