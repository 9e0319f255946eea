#!/usr/bin/env node
// Browser test of the Switchboard web client: headless Chromium (Debian package `chromium`) driven by
// playwright-core. Two pages signed in as alice and bob open one session, type concurrently (seeded, interleaved
// keystrokes at different positions) and must converge; a topic message crosses from one page to the other;
// markup typed as document text, session title and message is shown as literal text.
//
//   node browser-test.mjs --url http://127.0.0.1:8080 [--ws ws://127.0.0.1:8081/ws] [--out DIR] [--seed N]
//
// Prints ONE JSON line ({"ok": true|false, "checks": {...}, ...}) on stdout and exits 0 (all checks passed) or 1.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function parseArgs(argv) {
  const args = { url: null, ws: null, out: 'out', seed: 42, chars: 30, timeoutMs: 120000,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 2; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    const value = argv[++i];
    if (!(key in args) || value === undefined) throw new Error(`unknown or incomplete option ${argv[i - 1]}`);
    args[key] = typeof args[key] === 'number' ? Number(value) : value;
  }
  if (!args.url) throw new Error('--url is required');
  args.url = args.url.replace(/\/+$/, '');
  return args;
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with --seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, timeoutMs = 15000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const args = parseArgs(process.argv);
const started = Date.now();
const checks = {};
const result = { ok: false, seed: args.seed, url: args.url, checks, screenshots: [], pageErrors: [], dialogs: [] };
const check = (name, ok, detail) => {
  checks[name] = detail === undefined ? { ok: Boolean(ok) } : { ok: Boolean(ok), detail };
  return ok;
};

let context;
const userDataDir = mkdtempSync(join(tmpdir(), 'switchboard-chromium-'));
const watchdog = setTimeout(() => finish(new Error(`the whole test exceeded ${args.timeoutMs} ms`)), args.timeoutMs);

async function finish(error) {
  clearTimeout(watchdog);
  if (error) {
    result.error = String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error);
  }
  result.ok = !error && Object.keys(checks).length > 0 && Object.values(checks).every((c) => c.ok)
    && result.pageErrors.length === 0 && result.dialogs.length === 0;
  result.durationMs = Date.now() - started;
  try {
    if (context) await Promise.race([context.close(), sleep(5000)]);
  } catch { /* closing anyway */ }
  try {
    rmSync(userDataDir, { recursive: true, force: true });
  } catch { /* a temp dir */ }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}

/**
 * A loopback TCP relay in front of the WebSocket port, to make a page's network blink: cut() destroys every relayed
 * connection (no close frame either way); new connections pass again.
 */
function relay(wsUrl) {
  const target = new URL(wsUrl);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    for (const s of [client, upstream]) { sockets.add(s); s.on('error', end); s.on('close', end); }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({
    url: `ws://127.0.0.1:${server.address().port}${target.pathname}`,
    cut: () => { for (const s of [...sockets]) s.destroy(); sockets.clear(); },
  })));
}

async function openPage(name, role = 'user', ws = args.ws) {
  const page = await context.newPage();
  page.on('dialog', (d) => {
    result.dialogs.push({ page: name, type: d.type(), message: d.message() });
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => result.pageErrors.push({ page: name, error: String(e) }));
  const q = ws ? `?ws=${encodeURIComponent(ws)}` : '';
  await page.goto(`${args.url}/${q}`);
  await page.fill('#sign-in-name', name);
  await page.selectOption('#sign-in-role', role);
  await page.click('#sign-in-form button[type=submit]');
  await until(`${name} online`, () => page.evaluate(() => window.switchboard.connected()));
  return page;
}

const state = (page) => page.evaluate(() => window.switchboard.editorState());

/** Both editors synchronized on the same revision and text, stable across two looks. */
async function quiet(pages, timeoutMs = 20000) {
  let previous = null;
  return until('both editors to converge', async () => {
    const states = await Promise.all(pages.map(state));
    const settled = states.every((s) => s && s.state === 'Synchronized' && s.text === s.editorText
      && s.revision === states[0].revision && s.text === states[0].text);
    const key = settled ? `${states[0].revision}` : null;
    const stable = settled && key === previous;
    previous = key;
    return stable ? states : null;
  }, timeoutMs, 250);
}

async function typeSlowly(page, chars, rnd) {
  for (const ch of chars) {
    await page.keyboard.type(ch);
    await sleep(Math.floor(rnd() * 40));
  }
}

async function noMarkupExecuted(page) {
  return page.evaluate(() => ({
    images: document.querySelectorAll('img').length,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    onerrorAttributes: document.querySelectorAll('[onerror]').length,
  }));
}

/**
 * Before signing in (issue 16): only the sign-in form shows (the workspace used to show, its grid overriding
 * hidden), the WebSocket URL is the node's own (it assumed port 8081), and /favicon.ico exists.
 */
async function firstLook() {
  const page = await context.newPage();
  page.on('pageerror', (e) => result.pageErrors.push({ page: 'first look', error: String(e) }));
  await page.goto(`${args.url}/`);
  const look = await until('the sign-in form with a WebSocket URL', () => page.evaluate(() => {
    const shown = (id) => getComputedStyle(document.getElementById(id)).display !== 'none';
    const ws = document.getElementById('sign-in-ws').value;
    return ws ? { ws, signIn: shown('sign-in'), workspace: shown('workspace') } : null;
  }));
  check('before sign-in only the sign-in form shows', look.signIn && !look.workspace, look);
  if (args.ws) {
    check('the WebSocket URL comes from the node', look.ws === args.ws, { prefilled: look.ws, expected: args.ws });
  }
  const favicon = await page.evaluate(async () => (await fetch('/favicon.ico')).status);
  check('favicon', favicon === 200, { status: favicon });
  await page.screenshot({ path: join(args.out, 'sign-in.png') });
  result.screenshots.push(join(args.out, 'sign-in.png'));
  await page.close();
}

/**
 * The official event-bus client (@vertx/eventbus-bridge-client.js on sockjs-client) over the XHR transports a
 * browser falls back to without WebSocket (issue 16: every send was a 500), on a page of the node's origin: a bad
 * login and a forbidden publish call back with 401 and 403 (they used to hang), a good login and publish answer.
 */
async function officialSockJsClient() {
  const page = await context.newPage();
  page.on('pageerror', (e) => result.pageErrors.push({ page: 'sockjs', error: String(e) }));
  await page.goto(`${args.url}/api/health`); // a document of the node's origin without the web client's CSP
  await page.addScriptTag({ path: resolve('node_modules/sockjs-client/dist/sockjs.min.js') });
  await page.addScriptTag({ path: resolve('node_modules/@vertx/eventbus-bridge-client.js/vertx-eventbus.js') });
  for (const transport of ['xhr-streaming', 'xhr-polling']) {
    const outcome = await page.evaluate(async (transport) => {
      const issued = await fetch('/api/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sub: `sockjs-${transport}`, roles: ['user'] }) });
      const token = (await issued.json()).token;
      const eb = new EventBus(`${location.origin}/eventbus`, { transports: [transport] });
      eb.onerror = () => {};
      await new Promise((ok, fail) => { eb.onopen = ok; setTimeout(() => fail(new Error(`${transport}: no open`)), 10000); });
      const call = (address, body) => new Promise((done) => {
        const timer = setTimeout(() => done({ hung: true }), 10000);
        eb.send(address, body, {}, (err, reply) => { clearTimeout(timer); done(err ? { err } : { reply: reply.body }); });
      });
      const badLogin = await call('switchboard.bridge.login', { token: 'not-a-token' });
      const login = await call('switchboard.bridge.login', { token });
      const published = await call('switchboard.bridge.publish', { topic: 'public.sockjs', payload: { via: transport } });
      const forbidden = await call('switchboard.bridge.publish', { topic: 'secret.sockjs', payload: 1 });
      eb.close();
      return { badLogin, login, published, forbidden };
    }, transport);
    check(`official SockJS client over ${transport}`,
      outcome.badLogin.err && outcome.badLogin.err.failureCode === 401
        && outcome.login.reply && outcome.login.reply.user === `sockjs-${transport}`
        && outcome.published.reply && outcome.published.reply.topic === 'public.sockjs'
        && outcome.forbidden.err && outcome.forbidden.err.failureCode === 403, outcome);
  }
  await page.close();
}

async function main() {
  mkdirSync(args.out, { recursive: true });
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: args.chromium,
    headless: true,
    viewport: { width: 1280, height: 960 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await firstLook();
  await officialSockJsClient();
  const alice = await openPage('alice');
  const bobLink = args.ws ? await relay(args.ws) : null; // bob's network can blink
  const bob = await openPage('bob', 'user', bobLink ? bobLink.url : args.ws);

  // alice creates a session (it opens in her editor), bob finds it in the list and opens it
  const title = `Browser test ${args.seed}`;
  await alice.fill('#new-session-title', title);
  await alice.click('#create-session-form button[type=submit]');
  const aliceJoined = await until('alice to join her new session', async () => {
    const s = await state(alice);
    return s && s.session && s.state ? s : null;
  });
  const sessionId = aliceJoined.session;
  await bob.click('#refresh-sessions');
  await bob.click(`#session-list li[data-session-id="${sessionId}"] button.open-session`);
  await until('bob to join', async () => ((await state(bob)) || {}).session === sessionId);
  check('session opened in both', true, { sessionId });

  // Open on the session one just created (and so already has open) is no error (it said "already joined")
  await alice.click('#refresh-sessions');
  await alice.click(`#session-list li[data-session-id="${sessionId}"] button.open-session`);
  await sleep(500);
  const openError = await alice.evaluate(() => document.getElementById('sessions-error').textContent);
  check('Open on the session already open is no error', openError === '', { error: openError });

  // a viewer is told why the editor does not take input
  const carol = await openPage('carol', 'viewer');
  await carol.click(`#session-list li[data-session-id="${sessionId}"] button.open-session`);
  await until('carol to join', async () => ((await state(carol)) || {}).session === sessionId);
  const viewer = await carol.evaluate(() => ({
    notice: getComputedStyle(document.getElementById('read-only')).display !== 'none'
      ? document.getElementById('read-only').textContent.replace(/\s+/g, ' ').trim() : null,
    editable: !document.getElementById('editor').readOnly && !document.getElementById('editor').disabled,
  }));
  check('a viewer sees why the editor is read-only', viewer.notice && viewer.notice.includes('Read-only') && !viewer.editable,
    viewer);
  await carol.screenshot({ path: join(args.out, 'viewer.png') });
  result.screenshots.push(join(args.out, 'viewer.png'));
  await carol.close();

  const base = '[ ~ ]'; // shares no character with the typed ones
  await alice.focus('#editor');
  await alice.keyboard.type(base);
  await quiet([alice, bob]);

  // concurrent typing: alice at the end, bob at the start, interleaved with small random delays
  const aliceChars = [...'ABCDEFGHIJKLMNOPQRSTUVWXY', '😀', ...'1234'];
  const bobChars = [...'abcdefghijklmnopqrstuvwx', '🎉', 'é', ...'5678'];
  const n = Math.min(args.chars, 30);
  const aliceTyped = aliceChars.slice(0, n);
  const bobTyped = bobChars.slice(0, n);
  await alice.focus('#editor');
  await alice.keyboard.press('Control+End');
  await bob.focus('#editor');
  await bob.keyboard.press('Control+Home');
  const rnd = prng(args.seed);
  const rndA = prng(Math.floor(rnd() * 2 ** 31));
  const rndB = prng(Math.floor(rnd() * 2 ** 31));
  const t0 = Date.now();
  await Promise.all([typeSlowly(alice, aliceTyped, rndA), typeSlowly(bob, bobTyped, rndB)]);
  const [sa, sb] = await quiet([alice, bob]);
  const finalText = sa.text;
  const cps = Array.from(finalText);
  const countOf = (ch) => cps.filter((c) => c === ch).length;
  const missing = [...aliceTyped, ...bobTyped].filter((ch) => countOf(ch) !== 1);
  const inOrder = (typed) => {
    const positions = typed.map((ch) => cps.indexOf(ch));
    return positions.every((p, i) => i === 0 || p > positions[i - 1]);
  };
  result.concurrentTyping = { text: finalText, revision: sa.revision, typingMs: Date.now() - t0 };
  check('editors identical', sa.text === sb.text && sa.editorText === sb.editorText, { alice: sa.text, bob: sb.text });
  check('every typed character present once', missing.length === 0 && cps.length === n * 2 + Array.from(base).length,
    { missing, length: cps.length });
  check('each user\'s characters in typing order', inOrder(aliceTyped) && inOrder(bobTyped));
  check('carets preserved (bob before, alice after the base text)',
    finalText === bobTyped.join('') + base + aliceTyped.join(''), { expected: bobTyped.join('') + base + aliceTyped.join('') });

  // presence: each sees the other in the participant list, as an avatar, and as a named cursor in the text
  const presence = async (page, other) => until(`${other}'s cursor on the other page`, () => page.evaluate((u) => {
    const li = document.querySelector(`#participants li[data-user="${u}"]`);
    const marker = document.querySelector(`#editor-overlay .cursor-marker[data-user="${u}"]`);
    const avatar = document.querySelector(`#avatars .avatar[data-user="${u}"]`);
    return li && marker && avatar && !li.textContent.includes('no cursor') ? li.textContent : null;
  }, other), 10000);
  check('presence shown', true, { aliceSees: await presence(alice, 'bob'), bobSees: await presence(bob, 'alice') });
  // bob's cursor is in alice's text, where bob is: the overlay's text up to his marker is the document up to his
  // caret (he typed at the start, so his caret is after his characters), and the marker sits over the textarea
  const inText = await alice.evaluate(() => {
    const overlay = document.getElementById('editor-overlay');
    const marker = overlay.querySelector('.cursor-marker[data-user="bob"]');
    const range = document.createRange();
    range.setStart(overlay, 0);
    range.setEndBefore(marker);
    const before = range.cloneContents();
    before.querySelectorAll('.cursor-label').forEach((l) => l.remove());
    const box = marker.getBoundingClientRect();
    const area = document.getElementById('editor').getBoundingClientRect();
    return { before: before.textContent, colour: getComputedStyle(marker).borderLeftColor,
      label: marker.textContent, inside: box.left >= area.left && box.top >= area.top && box.bottom <= area.bottom };
  });
  check('others\' cursors are in the text, named and coloured', inText.before === bobTyped.join('') && inText.label === 'bob'
    && inText.inside && inText.colour !== 'rgb(0, 0, 0)', inText);

  // a network blink while bob types (docs/collaboration.md, "Reconnect"): his link is cut without a close frame,
  // he goes on typing while the page is offline, the page reconnects through the same relay and resumes
  if (bobLink) {
    const before = Array.from((await state(bob)).text);
    const blinkTyped = [...'αβγδεζηθικλμ'];
    await bob.focus('#editor');
    await typeSlowly(bob, blinkTyped.slice(0, 4), rndB);
    bobLink.cut();
    await typeSlowly(bob, blinkTyped.slice(4, 8), rndB);
    const offline = await bob.evaluate(() => !window.switchboard.connected());
    await until('bob back online', () => bob.evaluate(() => window.switchboard.connected()));
    await typeSlowly(bob, blinkTyped.slice(8), rndB);
    const [ba, bb] = await quiet([alice, bob]);
    const after = Array.from(ba.text);
    const lost = blinkTyped.filter((ch) => after.filter((c) => c === ch).length !== 1);
    check('typing through a dropped connection loses nothing', lost.length === 0 && ba.text === bb.text
      && after.length === before.length + blinkTyped.length && offline,
      { lost, offlineWhileTyping: offline, before: before.length, after: after.length });
  }

  // undo is the document's: alice's Ctrl+Z reverts her own last burst of typing, after bob's later edit, for both
  // of them, and leaves bob's edit alone; Ctrl+Shift+Z brings it back
  {
    await alice.focus('#editor');
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type('ÆØÅ');
    await quiet([alice, bob]);
    await bob.focus('#editor');
    await bob.keyboard.type('ω');
    await quiet([alice, bob]);
    await alice.focus('#editor');
    await alice.keyboard.press('Control+z');
    const [ua, ub] = await quiet([alice, bob]);
    await alice.keyboard.press('Control+Shift+z');
    const [ra, rb] = await quiet([alice, bob]);
    check('undo reverts one\'s own last edit, not the others\'', !ua.text.includes('ÆØÅ') && ua.text.includes('ω')
      && ua.text === ub.text && ua.editorText === ua.text && ra.text.includes('ÆØÅ') && ra.text.includes('ω')
      && ra.text === rb.text, { undone: ua.text, redone: ra.text });
  }

  // topic feed: both subscribe, alice publishes JSON, bob sees it; bob publishes text, alice sees it
  for (const page of [alice, bob]) {
    await page.fill('#topic', 'public.lobby');
    await page.click('#subscribe-form button[type=submit]');
    await until('subscribed', () => page.evaluate(() => document.getElementById('subscriptions').textContent.includes('public.lobby')));
  }
  const marker = `hello bob ${args.seed}`;
  await alice.fill('#publish-payload', JSON.stringify({ text: marker, markup: XSS }));
  await alice.click('#publish-form button[type=submit]');
  const bobGot = await until('the message on bob\'s page', () => bob.evaluate((m) => {
    const li = [...document.querySelectorAll('#messages li')].find((e) => e.textContent.includes(m));
    return li ? li.textContent : null;
  }, marker));
  await bob.fill('#publish-payload', XSS);
  await bob.click('#publish-form button[type=submit]');
  const aliceGot = await until('the text message on alice\'s page', () => alice.evaluate((x) => {
    const li = [...document.querySelectorAll('#messages li .payload')].find((e) => e.textContent === x);
    return li ? li.textContent : null;
  }, XSS));
  check('topic message crosses pages', bobGot.includes(marker) && bobGot.includes('alice') && aliceGot === XSS,
    { bobGot, aliceGot });

  // the payload editor says before sending that JSON does not parse; the subscribed topics show their rates
  await alice.fill('#publish-payload', '{"text": "unfinished"');
  const invalid = await alice.evaluate(() => ({ disabled: document.getElementById('publish-button').disabled,
    says: document.getElementById('payload-check').textContent }));
  await alice.fill('#publish-payload', '{"text": "finished"}');
  const valid = await alice.evaluate(() => ({ disabled: document.getElementById('publish-button').disabled,
    says: document.getElementById('payload-check').textContent }));
  await alice.fill('#publish-payload', '');
  check('invalid JSON is refused before sending', invalid.disabled && invalid.says.startsWith('Not valid JSON')
    && !valid.disabled && valid.says.startsWith('Valid JSON'), { invalid, valid });
  // active topics come from the server (every node's traffic, filtered by bob's permissions): alice keeps publishing
  const rates = await until('the active topics list', async () => {
    await alice.fill('#publish-payload', 'tick');
    await alice.click('#publish-form button[type=submit]');
    return bob.evaluate(() => {
      const li = document.querySelector('#topic-rates li[data-topic="public.lobby"]');
      return li && /[1-9]\d*\.\d msg\/s|0\.[1-9] msg\/s/.test(li.textContent) ? li.textContent : null;
    });
  }, 10000, 500);
  check('active topics with their rates', rates.includes('public.lobby'), { rates });

  // markup as document text and as a session title stays text
  await alice.focus('#editor');
  await alice.keyboard.press('Control+End');
  await alice.keyboard.type(XSS);
  const [xa, xb] = await quiet([alice, bob]);
  check('markup in the document is literal text', xa.text.endsWith(XSS) && xb.editorText.endsWith(XSS)
    && (await bob.evaluate(() => document.getElementById('editor-overlay').textContent)).includes(XSS));
  await bob.fill('#new-session-title', XSS);
  await bob.click('#create-session-form button[type=submit]');
  await until('bob\'s editor on the new session', async () => {
    const s = await state(bob);
    return s && s.session && s.session !== sessionId && s.state;
  });
  await alice.click('#refresh-sessions');
  const titleShown = await until('the markup title in alice\'s list', () => alice.evaluate((x) =>
    [...document.querySelectorAll('#session-list .title')].some((e) => e.textContent === x), XSS));
  const bobTitle = await bob.evaluate(() => document.getElementById('editor-title').textContent);
  await sleep(500); // an injected onerror would have fired by now
  const aliceDom = await noMarkupExecuted(alice);
  const bobDom = await noMarkupExecuted(bob);
  const clean = (d) => d.images === 0 && d.onerrorAttributes === 0 && d.scripts.length === 1 && d.scripts[0] === 'js/app.js';
  check('markup as session title is literal text', titleShown && bobTitle.includes(XSS), { bobTitle });
  check('no element created from markup, no dialog', clean(aliceDom) && clean(bobDom) && result.dialogs.length === 0,
    { aliceDom, bobDom, dialogs: result.dialogs.length });

  // back on the shared session for the screenshots
  await bob.click(`#session-list li[data-session-id="${sessionId}"] button.open-session`);
  await until('bob back on the first session', async () => ((await state(bob)) || {}).session === sessionId);
  await sleep(2500); // one vitals poll with a rate
  check('vital signs shown', await alice.evaluate(() => {
    const conns = Number(document.getElementById('vital-connections').textContent);
    return conns >= 2 && document.querySelectorAll('#vital-members li').length >= 1
      && /^\d+(\.\d)?$/.test(document.getElementById('vital-rate').textContent);
  }), await alice.evaluate(() => ({
    connections: document.getElementById('vital-connections').textContent,
    rate: document.getElementById('vital-rate').textContent,
    members: document.querySelectorAll('#vital-members li').length,
  })));
  for (const [name, page] of [['alice', alice], ['bob', bob]]) {
    const path = resolve(args.out, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    result.screenshots.push(path);
  }

  // a narrow screen (a phone): one column, nothing wider than the screen, the editor usable
  await alice.setViewportSize({ width: 420, height: 900 });
  await sleep(300);
  const narrow = await alice.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    editorWidth: document.getElementById('editor').getBoundingClientRect().width,
  }));
  check('narrow screen: one column, no sideways scrolling', narrow.overflow <= 0 && narrow.editorWidth > 300, narrow);
  const narrowShot = resolve(args.out, 'narrow.png');
  await alice.screenshot({ path: narrowShot, fullPage: true });
  result.screenshots.push(narrowShot);
  await alice.setViewportSize({ width: 1280, height: 960 });

  // the cluster dashboard: a card per node with its figures and live charts, while alice keeps typing
  const dash = await context.newPage();
  dash.on('pageerror', (e) => result.pageErrors.push({ page: 'dashboard', error: String(e) }));
  await dash.goto(`${args.url}/dashboard.html`);
  await alice.focus('#editor');
  for (let i = 0; i < 3; i++) {
    await alice.keyboard.type('dash');
    await sleep(1000);
  }
  const board = await until('the dashboard with charts', () => dash.evaluate(() => {
    const node = document.querySelector('#nodes .node');
    if (!node) return null;
    const lines = node.querySelectorAll('svg.chart polyline').length;
    const rate = node.querySelector('.rate').textContent;
    const status = document.getElementById('dashboard-status').textContent;
    return lines >= 2 && /^\d+(\.\d)?$/.test(rate) && status === 'live' ? {
      nodes: document.querySelectorAll('#nodes .node').length, lines, rate,
      connections: node.querySelector('.connections').textContent, latency: node.querySelector('.latency').textContent,
    } : null;
  }), 15000, 500);
  check('cluster dashboard with live charts', board.nodes >= 1 && Number(board.connections) >= 2, board);
  const dashShot = resolve(args.out, 'dashboard.png');
  await dash.screenshot({ path: dashShot, fullPage: true });
  result.screenshots.push(dashShot);
}

main().then(() => finish(null), (e) => finish(e));
