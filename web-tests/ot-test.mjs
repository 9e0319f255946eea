// Unit checks of web/js/ot.js (the browser port of io.switchboard.ot): TP1, compose, invert, JSON, diff, the
// documented examples, and a seeded simulation of a server with two OtClients. Run: node web-tests/ot-test.mjs
import { TextOperation as T, diff, OtClient, transformPosition, cpLength } from '../web/js/ot.js';
const assert = (c, m) => { if (!c) { throw new Error(m); } };
let seed = 7; const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const alphabet = ['a','b','é','😀','中','e\u0301'];
const rstr = (n) => Array.from({length: n}, () => alphabet[Math.floor(rnd()*alphabet.length)]).join('');
function randomOp(doc) {
  const b = T.builder(); let left = cpLength(doc);
  while (left > 0) { const n = 1 + Math.floor(rnd()*Math.min(left, 4)); const r = rnd();
    if (r < 0.4) b.retain(n); else if (r < 0.7) b.delete(n); else { b.insert(rstr(2)); b.retain(n); } left -= n; }
  if (rnd() < 0.3) b.insert(rstr(1)); return b.build();
}
for (let i = 0; i < 2000; i++) {
  const s = rstr(Math.floor(rnd()*8)); const a = randomOp(s), b = randomOp(s);
  const [ap, bp] = T.transform(a, b);
  assert(bp.apply(a.apply(s)) === ap.apply(b.apply(s)), 'TP1 ' + s + a + b);
  const c = randomOp(a.apply(s));
  assert(T.compose(a, c).apply(s) === c.apply(a.apply(s)), 'compose');
  assert(a.invert(s).apply(a.apply(s)) === s, 'invert');
  assert(T.fromJSON(JSON.parse(JSON.stringify(a))).equals(a), 'json');
  const t = a.apply(s); assert(diff(s, t).apply(s) === t, 'diff');
}
assert(T.fromJSON([5,'hello',-3,2]).apply('abcdefghhi') === 'abcdehellohi', 'doc example');
assert(T.fromJSON([1,-1,1]).apply('a😀b') === 'ab', 'emoji');
assert(JSON.stringify(T.builder().delete(2).insert('x').build()) === '["x",-2]', 'normal form');
const [x] = T.transform(T.fromJSON([1,'B',1]), T.fromJSON([1,'A',1]));
assert(T.fromJSON([1,'A',1]).apply('ab') === 'aAb' && x.apply('aAb') === 'aBAb', 'tie');
assert(transformPosition(3, T.fromJSON([1,-1,3])) === 2 && transformPosition(1, T.fromJSON([1,'xy',3])) === 1 && transformPosition(1, T.fromJSON([1,'xy',3]), true) === 3, 'pos');
// simulation: server + 2 clients
for (let run = 0; run < 200; run++) {
  let server = { text: 'abc', rev: 0, hist: [] };
  const clients = [new OtClient('abc', 0), new OtClient('abc', 0)];
  const up = [[], []], down = [[], []];
  const send = (i, o) => o && up[i].push(o);
  for (let step = 0; step < 60 || up.some(q => q.length) || down.some(q => q.length); step++) {
    const r = rnd(); const i = rnd() < 0.5 ? 0 : 1;
    if (step < 60 && r < 0.4) { send(i, clients[i].applyClient(randomOp(clients[i].text))); }
    else if (r < 0.7 && up[i].length) { const { baseRevision, operation } = up[i].shift();
      let op = operation; for (const h of server.hist.slice(baseRevision)) op = T.transform(h, op)[1];
      server.text = op.apply(server.text); server.hist.push(op); server.rev++;
      down[i].push({ ack: true }); down[1 - i].push({ op }); }
    else if (down[i].length) { const m = down[i].shift(); if (m.ack) send(i, clients[i].serverAck()); else clients[i].applyServer(m.op); }
  }
  for (const c of clients) assert(c.text === server.text && c.revision === server.rev && c.state === 'Synchronized', 'sim');
}
// simulation with dropped links (docs/collaboration.md, "Reconnect"): a client's link drops at random with its
// messages in flight (each lost, or arriving late from the dead connection); it resumes from its revision (the
// server replays the edits since), resends its outstanding edit, and the server applies a resent copy only once.
for (let run = 0; run < 300; run++) {
  const server = { text: 'abc', hist: [] }; // hist entries: {op, author, id, resent, origin}
  const names = ['u0', 'u1'];
  const clients = [new OtClient('abc', 0), new OtClient('abc', 0)];
  const conn = [0, 0];
  const up = [[], []], down = [[], []], late = [];
  const ids = [new Set(), new Set()];
  const send = (i, o) => { if (o) { up[i].push({ ...o, origin: conn[i] }); ids[i].add(o.editId); } };
  const apply = (i, m) => {
    const base = m.baseRevision;
    if (server.hist.some((h, r) => r >= base && h.author === names[i] && h.id === m.editId && (h.resent || m.resent))) return;
    let op = m.operation; for (const h of server.hist.slice(base)) op = T.transform(h.op, op)[1];
    server.text = op.apply(server.text);
    const entry = { op, author: names[i], id: m.editId, resent: m.resent, origin: m.origin };
    server.hist.push(entry);
    for (let k = 0; k < 2; k++) down[k].push({ ...entry, who: k, rev: server.hist.length });
  };
  const deliver = (i, e) => {
    if (e.who === i && e.origin === conn[i] && e.author === names[i]) send(i, clients[i].serverAck(e.id));
    else { const r = clients[i].receive(e.author === names[i], e.id, e.op); if (r.acked) send(i, r.next); }
  };
  let drops = 0;
  for (let step = 0; step < 80 || up.some(q => q.length) || down.some(q => q.length) || late.length; step++) {
    const r = rnd(); const i = rnd() < 0.5 ? 0 : 1;
    if (step < 80 && r < 0.3) send(i, clients[i].applyClient(randomOp(clients[i].text)));
    else if (step < 80 && r < 0.36) { // the link drops: in flight, each message lost or late; resume at once
      drops++;
      for (const m of up[i]) if (rnd() < 0.5) late.push([i, m]);
      up[i] = []; down[i] = []; conn[i]++;
      server.hist.slice(clients[i].revision).forEach((h, k) => down[i].push({ ...h, who: -1, rev: clients[i].revision + k + 1 }));
      send(i, clients[i].resend());
    } else if (r < 0.45 && late.length) { const [k, m] = late.shift(); apply(k, m); }
    else if (r < 0.7 && up[i].length) apply(i, up[i].shift());
    else if (down[i].length) deliver(i, down[i].shift());
  }
  for (const c of clients) assert(c.text === server.text && c.revision === server.hist.length && c.state === 'Synchronized', 'sim with drops: converged');
  for (let i = 0; i < 2; i++) {
    for (const id of ids[i]) {
      assert(server.hist.filter(h => h.author === names[i] && h.id === id).length === 1, `edit ${id} applied exactly once (run ${run}, ${drops} drops)`);
    }
  }
}
// undo: alice's undo reverts only her own last edit, after bob's later edits; redo brings it back
{
  let server = { text: 'abc', hist: [] };
  const submit = (o) => { let op = o.operation; for (const h of server.hist.slice(o.baseRevision)) op = T.transform(h, op)[1];
    server.text = op.apply(server.text); server.hist.push(op); return op; };
  const alice = new OtClient('abc', 0), bob = new OtClient('abc', 0);
  bob.applyServer(submit(alice.applyClient(T.fromJSON([1, 'X', 2])))); alice.serverAck();
  const y = submit(bob.applyClient(T.fromJSON(['Y', 4]))); bob.serverAck();
  const z = submit(bob.applyClient(T.fromJSON([3, 'Z', 2]))); bob.serverAck();
  alice.applyServer(y); alice.applyServer(z);
  const u = alice.undo();
  assert(alice.text === 'YaZbc' && u.applied.equals(T.fromJSON([2, -1, 3])), 'undo: ' + alice.text);
  bob.applyServer(submit(u.send)); alice.serverAck();
  assert(bob.text === 'YaZbc' && server.text === 'YaZbc', 'undo sent');
  const r = alice.redo(); bob.applyServer(submit(r.send)); alice.serverAck();
  assert(alice.text === 'YaXZbc' && bob.text === 'YaXZbc', 'redo');
  const c = new OtClient('', 0);
  c.applyClient(T.fromJSON(['h'])); c.serverAck(); c.applyClient(T.fromJSON([1, 'i']), true); c.serverAck();
  c.undo(); assert(c.text === '' && c.canRedo, 'merged undo');
  c.applyClient(T.fromJSON(['n'])); assert(!c.canRedo, 'a new edit clears redo');
  const d = new OtClient('ab', 0); d.applyClient(T.fromJSON([1, 'X', 1])); d.serverAck(); d.applyServer(T.fromJSON([-3]));
  assert(!d.canUndo, 'an edit the others deleted leaves nothing to undo');
}
// undo among concurrent edits: two clients insert unique tokens (random delivery), then client 0 undoes its last
for (let run = 0; run < 200; run++) {
  const server = { text: '', hist: [] };
  const clients = [new OtClient('', 0), new OtClient('', 0)];
  const up = [[], []], down = [[], []];
  const made = [0, 0]; let last = null;
  const step = (i) => {
    if (up[i].length && rnd() < 0.5) { const o = up[i].shift(); let op = o.operation;
      for (const h of server.hist.slice(o.baseRevision)) op = T.transform(h, op)[1];
      server.text = op.apply(server.text); server.hist.push(op); down[i].push(null); down[1 - i].push(op); }
    else if (down[i].length) { const m = down[i].shift(); if (m === null) { const n = clients[i].serverAck(); if (n) up[i].push(n); } else clients[i].applyServer(m); }
  };
  for (let k = 0; k < 30; k++) {
    const i = rnd() < 0.5 ? 0 : 1;
    if (rnd() < 0.35 && made[i] < 8) {
      const text = clients[i].text; const token = `<${i}.${made[i]++}>`;
      const cuts = [0]; for (let p = 0; p < text.length; p++) if (text[p] === '>') cuts.push(p + 1);
      const at = cuts[Math.floor(rnd() * cuts.length)];
      const o = clients[i].applyClient(T.builder().retain(at).insert(token).retain(text.length - at).build());
      if (o) up[i].push(o); if (i === 0) last = token;
    } else step(i);
  }
  if (!last) continue;
  const u = clients[0].undo(); if (u.send) up[0].push(u.send);
  for (let g = 0; g < 10000 && (up[0].length || up[1].length || down[0].length || down[1].length); g++) step(rnd() < 0.5 ? 0 : 1);
  assert(clients[0].text === server.text && clients[1].text === server.text, `undo sim ${run}: converged`);
  assert(!server.text.includes(last), `undo sim ${run}: ${last} undone in ${server.text}`);
  for (let i = 0; i < 2; i++) for (let n = 0; n < made[i]; n++) {
    const t = `<${i}.${n}>`; if (t !== last) assert(server.text.split(t).length === 2, `undo sim ${run}: ${t} once`);
  }
}
console.log('ok');
