// The load tool's collaborative-editing driver (the `collab` scenario, docs/benchmarks.md): the same editing pattern
// against Switchboard, ShareDB and Hocuspocus, each through its own official client (Switchboard: web/js/ot.js over
// its WebSocket protocol; ShareDB: sharedb's client with ot-text-unicode; Hocuspocus: @hocuspocus/provider with a
// Yjs Y.Text), all in this one process, so every target meets the same client.
//
// D documents, K editors each. Every editor types unique tokens `<d-k-n>` followed by a filler `.` at a place outside
// every token, and now and then deletes a filler (1 edit in 5); once the document is longer than --doc-chars, every
// other edit deletes one of the editor's own acknowledged tokens instead, so documents keep a realistic size (a
// growing one would measure string copying). Editors type either as fast as their edits are acknowledged (one in
// flight: --rate 0) or at --rate edits per second (the client buffers or sends as it does). After --seconds, typing
// stops, the editors settle (every edit acknowledged, every text equal), and the documents are checked: every
// acknowledged token present exactly once, every acknowledged deletion's token absent. With --hold, the driver then prints
// {"idle": true} and waits for a line on stdin before closing (the load tool measures the server's memory meanwhile).
//
// Prints one JSON line: {target, docs, editors, seconds, rate, acked, typed, ackUs: {...}, remoteUs: {...}, errors,
// converged, documentCodePoints}; latencies as percentiles in microseconds (acknowledgement: from the local edit to
// its acknowledgement; remote: from the local edit to its arrival at each other editor of its document).
//
//   node collab-driver.mjs --target switchboard|sharedb|hocuspocus --ws URL[,URL...] [--http URL --token JWT]
//        [--docs 1] [--editors 4] [--seconds 10] [--rate 0] [--seed 1] [--settle-ms 30000] [--doc-chars 20000]
//        [--hold [--detach]] [--samples]   (--detach: the editors disconnect before the hold, so the documents are
//        held by the server alone; --samples: also the sampled latencies, in microseconds, for the load tool)
import WebSocket from 'ws';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { OtClient, TextOperation } from '../../web/js/ot.js';

const require = createRequire(import.meta.url);
const ShareDB = require('sharedb/lib/client');
ShareDB.types.register(require('ot-text-unicode').type);

const args = parseArgs(process.argv.slice(2));
const TOKEN = /<(\d+)-(\d+)-(\d+)>/g;

function parseArgs(argv) {
  const a = { target: null, ws: null, http: null, token: null, docs: 1, editors: 4, seconds: 10, rate: 0, seed: 1,
    'settle-ms': 30000, 'doc-chars': 20000, hold: false, detach: false, samples: false };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in a)) throw new Error(`unknown option ${argv[i]}`);
    if (typeof a[key] === 'boolean') { a[key] = true; continue; }
    const v = argv[++i];
    if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
    a[key] = typeof a[key] === 'number' ? Number(v) : v;
  }
  if (!['switchboard', 'sharedb', 'hocuspocus'].includes(a.target)) throw new Error('--target switchboard|sharedb|hocuspocus');
  if (!a.ws) throw new Error('--ws is required');
  a.wsUrls = a.ws.split(',');
  return a;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform sample of at most `cap` values (algorithm R), for percentiles. */
class Reservoir {
  constructor(cap, rnd) { this.cap = cap; this.rnd = rnd; this.values = []; this.count = 0; }
  add(v) {
    this.count++;
    if (this.values.length < this.cap) this.values.push(v);
    else { const j = Math.floor(this.rnd() * this.count); if (j < this.cap) this.values[j] = v; }
  }
  /** The sampled values in whole microseconds (for the load tool's histograms). */
  micros() { return this.values.map((v) => Math.round(v * 1000)); }

  summary() {
    const v = Float64Array.from(this.values).sort();
    const at = (q) => (v.length ? Math.round(v[Math.min(v.length - 1, Math.floor(q * v.length))] * 1000) : null);
    return { count: this.count, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999),
      max: v.length ? Math.round(v[v.length - 1] * 1000) : null };
  }
}

const rnd = prng(args.seed);
const ackMs = new Reservoir(200000, rnd);
const remoteMs = new Reservoir(200000, rnd);
const errors = [];
const sentAt = new Map(); // token -> [time typed, remote editors yet to see it]
const typedAt = new Map(); // token -> time typed, until acknowledged
let acked = 0; // acknowledged local edits: inserts and deletions
let typed = 0; // local edits made

function remoteSaw(text, now) {
  for (const m of text.matchAll(TOKEN)) {
    const s = sentAt.get(m[0]);
    if (!s) continue;
    remoteMs.add(now - s[0]);
    if (--s[1] === 0) sentAt.delete(m[0]);
  }
}

/** A place to insert outside every token: after a `>` at or after a random index, or the start. */
function placeIn(text, r) {
  if (text.length === 0) return 0;
  const i = text.indexOf('>', Math.floor(r * text.length));
  return i < 0 ? 0 : i + 1;
}

// ------------------------------------------------------------------ the three clients

/** Switchboard: its WebSocket protocol (docs/protocol/websocket.md section 9) with web/js/ot.js's OtClient. */
function switchboardEditor(url, session, onAck, onRemote) {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${args.token}` }, perMessageDeflate: false });
  let client = null;
  let outstanding = [];
  let buffered = [];
  const send = (out) => ws.send(JSON.stringify({ type: 'edit', id: out.editId, session, revision: out.baseRevision,
    op: out.operation.toJSON() }));
  const ready = new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('unexpected-response', (req, res) => reject(new Error(`WebSocket upgrade answered ${res.statusCode}`)));
    ws.on('close', (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
    ws.on('message', (data) => {
      const m = JSON.parse(data);
      switch (m.type) {
        case 'ready': ws.send(JSON.stringify({ type: 'join', id: 'j', session })); break;
        case 'joined': client = new OtClient(m.text, m.revision, { maxUndo: 0 }); resolve(); break;
        case 'edit_ack': {
          const next = client.serverAck(m.id);
          const done = outstanding;
          outstanding = [];
          if (next) { outstanding = buffered; buffered = []; send(next); }
          onAck(done);
          break;
        }
        case 'remote_edit': {
          client.applyServer(TextOperation.fromJSON(m.op));
          onRemote(m.op.filter((c) => typeof c === 'string').join(''));
          break;
        }
        case 'error': errors.push(`switchboard: ${m.code}: ${m.message}`); break;
        default:
      }
    });
  });
  const local = (op, token) => {
    const out = client.applyClient(op);
    if (out) { outstanding.push(token); send(out); } else buffered.push(token);
  };
  return {
    ready,
    text: () => client.text,
    insert: (at, s, token) => local(TextOperation.builder().retain(at).insert(s).retain(client.text.length - at).build(), token),
    removeRange: (at, n, token) => local(TextOperation.builder().retain(at).delete(n).retain(client.text.length - at - n).build(), token),
    pending: () => client.state !== 'Synchronized',
    close: () => ws.close(),
  };
}

/** ShareDB: its client library over `ws`, a text-unicode document in collection `docs`. */
function sharedbEditor(url, id, creator, onAck, onRemote) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const connection = new ShareDB.Connection(socket);
  const doc = connection.get('docs', id);
  const ready = new Promise((resolve, reject) => {
    socket.on('error', reject);
    const subscribed = () => doc.subscribe((err) => (err ? reject(err) : resolve()));
    if (creator) {
      doc.fetch((err) => {
        if (err) return reject(err);
        if (doc.type) return subscribed();
        doc.create('', 'text-unicode', (e) => (e ? reject(e) : subscribed()));
      });
    } else {
      subscribed();
    }
  });
  doc.on('op', (op, source) => {
    if (!source) onRemote(op.filter((c) => typeof c === 'string').join(''));
  });
  const submit = (op, token) => doc.submitOp(op, (err) => {
    if (err) errors.push(`sharedb: ${err.message}`);
    else onAck([token]);
  });
  return {
    ready,
    text: () => doc.data,
    insert: (at, s, token) => submit(at > 0 ? [at, s] : [s], token),
    removeRange: (at, n, token) => submit(at > 0 ? [at, { d: n }] : [{ d: n }], token),
    pending: () => doc.hasWritePending(),
    close: () => connection.close(),
  };
}

/** Hocuspocus: @hocuspocus/provider with a Y.Doc's Y.Text; every update is acknowledged (SyncStatus), in order. */
function hocuspocusEditor(url, name, onAck, onRemote) {
  const ydoc = new Y.Doc();
  const ytext = ydoc.getText('text');
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  const pendingTokens = [];
  let provider;
  const ready = new Promise((resolve, reject) => {
    provider = new HocuspocusProvider({ websocketProvider: socket, name, document: ydoc,
      onSynced: () => resolve(), onClose: ({ event }) => reject(new Error(`closed ${event && event.code}`)) });
    provider.attach(); // a socket of one's own is attached by hand (HocuspocusProviderWebsocket given)
  });
  ready.catch(() => {}); // awaited (and reported) with every editor's
  let unsynced = 0;
  provider.on('unsyncedChanges', ({ number }) => {
    while (unsynced > number && pendingTokens.length) { unsynced--; onAck([pendingTokens.shift()]); }
    unsynced = number;
  });
  ytext.observe((event) => {
    if (event.transaction.local) return;
    let inserted = '';
    for (const d of event.delta) if (typeof d.insert === 'string') inserted += d.insert;
    onRemote(inserted);
  });
  const local = (fn, token) => { pendingTokens.push(token); unsynced++; ydoc.transact(fn); };
  return {
    ready,
    text: () => ytext.toString(),
    insert: (at, s, token) => local(() => ytext.insert(at, s), token),
    removeRange: (at, n, token) => local(() => ytext.delete(at, n), token),
    pending: () => provider.hasUnsyncedChanges || pendingTokens.length > 0,
    close: () => { provider.destroy(); socket.destroy(); },
  };
}

// ------------------------------------------------------------------ the run

async function createSessions(n) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${args.http}/api/sessions`, { method: 'POST',
      headers: { Authorization: `Bearer ${args.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `collab ${i}`, ttlSeconds: 3600 }) });
    if (r.status !== 201) throw new Error(`create session: ${r.status} ${await r.text()}`);
    ids.push((await r.json()).id);
  }
  return ids;
}

async function deleteSessions(ids) {
  for (const id of ids) {
    await fetch(`${args.http}/api/sessions/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${args.token}` } })
      .catch(() => {});
  }
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function main() {
  const docIds = args.target === 'switchboard'
    ? await createSessions(args.docs)
    : Array.from({ length: args.docs }, (_, d) => `doc-${args.seed}-${d}`);
  const editors = [];
  for (let d = 0; d < args.docs; d++) {
    for (let k = 0; k < args.editors; k++) {
      const url = args.wsUrls[(d * args.editors + k) % args.wsUrls.length];
      const e = { d, k, n: 0, acked: new Set(), present: [], removed: new Set(), busy: false,
        rnd: prng(args.seed * 7919 + d * 131 + k) };
      const onAck = (tokens) => {
        const now = performance.now();
        acked += tokens.length;
        for (const t of tokens) {
          if (!t) continue;
          if (t.startsWith('-')) { e.removed.add(t.slice(1)); e.acked.delete(t.slice(1)); continue; }
          e.acked.add(t);
          e.present.push(t);
          const at = typedAt.get(t);
          if (at !== undefined) { ackMs.add(now - at); typedAt.delete(t); }
        }
        e.busy = false;
        if (args.rate === 0 && typing) setImmediate(() => typeOne(e));
      };
      const onRemote = (inserted) => remoteSaw(inserted, performance.now());
      e.client = args.target === 'switchboard' ? switchboardEditor(url, docIds[d], onAck, onRemote)
        : args.target === 'sharedb' ? sharedbEditor(url, docIds[d], k === 0, onAck, onRemote)
          : hocuspocusEditor(url, docIds[d], onAck, onRemote);
      editors.push(e);
      // ShareDB: the document's first editor creates it before the others subscribe
      if (k === 0) await e.client.ready;
    }
  }
  await Promise.all(editors.map((e) => e.client.ready));

  let typing = true;
  function typeOne(e) {
    if (!typing || (args.rate === 0 && e.busy)) return;
    const text = e.client.text();
    if (text.length > args['doc-chars'] && e.present.length && e.rnd() < 0.5) {
      // one of its own acknowledged tokens: nobody else deletes or splits it
      const t = e.present.splice(Math.floor(e.rnd() * e.present.length), 1)[0];
      const at = text.indexOf(t);
      if (at >= 0) { e.busy = true; typed++; e.client.removeRange(at, t.length, `-${t}`); return; }
    }
    if (e.rnd() < 0.2) {
      const dot = text.indexOf('.', Math.floor(e.rnd() * text.length));
      if (dot >= 0) { e.busy = true; typed++; e.client.removeRange(dot, 1, ''); return; }
    }
    const token = `<${e.d}-${e.k}-${e.n++}>`;
    const now = performance.now();
    typedAt.set(token, now);
    if (args.editors > 1) sentAt.set(token, [now, args.editors - 1]);
    typed++;
    e.busy = true;
    e.client.insert(placeIn(text, e.rnd()), `${token}.`, token);
  }
  // deletions acknowledge with no token: onAck is called with [''] and frees the editor
  const started = performance.now();
  let timer = null;
  if (args.rate === 0) {
    editors.forEach((e) => typeOne(e));
  } else {
    const period = 1000 / args.rate;
    const next = new Map(editors.map((e, i) => [e, started + (i * period) / editors.length]));
    timer = setInterval(() => {
      const now = performance.now();
      for (const e of editors) {
        while (next.get(e) <= now && typing) { e.busy = false; typeOne(e); next.set(e, next.get(e) + period); }
      }
    }, 1);
  }
  await sleep(args.seconds * 1000);
  typing = false;
  if (timer) clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const ackedWhileTyping = acked;

  // settle: every edit acknowledged and every document's editors agree
  const limit = performance.now() + args['settle-ms'];
  let converged = false;
  while (performance.now() < limit) {
    const quiet = editors.every((e) => !e.client.pending());
    if (quiet) {
      converged = true;
      for (let d = 0; d < args.docs && converged; d++) {
        const texts = editors.filter((e) => e.d === d).map((e) => e.client.text());
        converged = texts.every((t) => t === texts[0]);
      }
      if (converged) break;
    }
    await sleep(20);
  }
  if (!converged) errors.push(`not converged within ${args['settle-ms']} ms`);
  let codePoints = 0;
  for (let d = 0; d < args.docs; d++) {
    const mine = editors.filter((e) => e.d === d);
    const text = mine[0].client.text();
    codePoints += Array.from(text).length;
    const counts = new Map();
    for (const m of text.matchAll(TOKEN)) counts.set(m[0], (counts.get(m[0]) || 0) + 1);
    for (const e of mine) {
      for (const t of e.acked) {
        if (counts.get(t) !== 1) errors.push(`document ${d}: acknowledged ${t} found ${counts.get(t) || 0} times`);
      }
      for (const t of e.removed) {
        if (counts.has(t)) errors.push(`document ${d}: ${t} deleted (acknowledged) but found ${counts.get(t)} times`);
      }
    }
  }
  if (args.hold && args.detach) {
    editors.forEach((e) => { try { e.client.close(); } catch { /* closing */ } });
    await sleep(2000); // the server notices every close
  }
  if (args.hold) {
    console.log(JSON.stringify({ idle: true, docs: args.docs, editors: args.detach ? 0 : editors.length }));
    const rl = createInterface({ input: process.stdin });
    await Promise.race([new Promise((r) => rl.once('line', r)), sleep(300000)]);
    rl.close();
  }
  editors.forEach((e) => { try { e.client.close(); } catch { /* closing */ } });
  if (args.target === 'switchboard') await deleteSessions(docIds);
  return ({ target: args.target, docs: args.docs, editors: args.editors, seconds, rate: args.rate,
    acked: ackedWhileTyping, ackedTotal: acked, typed, ackUs: ackMs.summary(), remoteUs: remoteMs.summary(),
    ackSamplesUs: args.samples ? ackMs.micros() : undefined, remoteSamplesUs: args.samples ? remoteMs.micros() : undefined,
    converged, documentCodePoints: codePoints, errors: errors.slice(0, 20), errorCount: errors.length });
}

/** Writes one JSON line and exits once it is written: a pipe takes 64 KiB at once, and exit() would cut the rest. */
function finish(result, code) {
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(code));
}

main().then((result) => finish(result, 0), (e) => {
  finish({ target: args.target, fatal: String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e) }, 1);
});
