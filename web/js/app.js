// Switchboard web client: sign in, sessions, the collaborative editor, a topic feed and vital signs.
// Plain ES modules, no build step. Anything another user wrote is rendered with textContent / value only.

import { auth, signIn, listSessions, createSession, ApiError } from './api.js';
import { Connection } from './ws.js';
import { CollabEditor } from './editor.js';
import { TopicFeed } from './topics.js';
import { Vitals } from './vitals.js';

const $ = (id) => document.getElementById(id);

const app = {
  conn: null,
  editor: null,
  feed: null,
  vitals: null,
  sessions: [],
};
// A small read-only view for tests and for the curious (browser console).
window.switchboard = {
  editorState: () => (app.editor ? app.editor.state() : null),
  connected: () => Boolean(app.conn && app.conn.isOpen),
  connectionId: () => (app.conn && app.conn.ready ? app.conn.ready.connectionId : null),
};

/** The WebSocket URL: ?ws=…, else where this node says its gateway listens (/api/health), on the page's host. */
async function defaultWsUrl() {
  const fromQuery = new URLSearchParams(location.search).get('ws');
  if (fromQuery) return fromQuery;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  try {
    const health = await (await fetch('/api/health')).json();
    if (health.webSocket) return `${scheme}://${location.hostname}:${health.webSocket.port}${health.webSocket.path}`;
  } catch { /* the node did not say: the default below */ }
  return `${scheme}://${location.hostname}:8081/ws`;
}

function describe(e) {
  if (e instanceof ApiError) return `${e.code || 'error'} (HTTP ${e.status}): ${e.message}`;
  return e && e.message ? e.message : String(e);
}

// ---------------------------------------------------------------- sign in / out

function showSignedIn() {
  $('sign-in').hidden = true;
  $('workspace').hidden = false;
  $('sign-out').hidden = false;
  $('whoami').textContent = `${auth.user} (${auth.role})`;

  app.conn = new Connection(auth.ws, auth.token);
  app.conn.on('status', ({ status, code, reason, retryInMs }) => {
    const badge = $('connection');
    // 1006: the socket never opened or died without a close frame: say where it tried
    const why = reason || (code === 1006 ? `cannot reach ${auth.ws}` : '');
    badge.textContent = status === 'offline' && code ? `offline (${code}${why ? `: ${why}` : ''})` : status;
    badge.title = badge.textContent;
    $('retry').hidden = status !== 'offline';
    if (status === 'offline' && retryInMs) $('retry').title = `retrying by itself in ${Math.round(retryInMs / 1000)} s`;
    badge.className = `badge ${status}`;
  });
  app.editor = new CollabEditor(app.conn, {
    textarea: $('editor'),
    overlay: $('editor-overlay'),
    participants: $('participants'),
    avatars: $('avatars'),
    status: $('editor-status'),
    title: $('editor-title'),
  }, { readOnly: auth.role === 'viewer' });
  $('read-only').hidden = auth.role !== 'viewer';
  app.feed = new TopicFeed(app.conn, {
    list: $('messages'), subscriptions: $('subscriptions'), error: $('topics-error'), rates: $('topic-rates'),
    topicField: $('topic'),
  });
  app.conn.connect();
  app.vitals = new Vitals({
    status: $('vital-status'), node: $('vital-node'), uptime: $('vital-uptime'),
    connections: $('vital-connections'), rate: $('vital-rate'), members: $('vital-members'),
  });
  app.vitals.start();
  refreshSessions();
}

if (auth.load() && auth.token) {
  showSignedIn();
} else {
  $('sign-in').hidden = false;
  $('sign-in-ws').value = auth.ws || '';
  defaultWsUrl().then((url) => { if (!$('sign-in-ws').value) $('sign-in-ws').value = url; });
}

$('sign-in-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    await signIn($('sign-in-name').value.trim(), $('sign-in-role').value, $('sign-in-ws').value.trim());
    showSignedIn();
  } catch (e) {
    $('sign-in-error').textContent = `Sign-in failed: ${describe(e)}`;
  }
});

$('retry').addEventListener('click', () => app.conn && app.conn.retryNow());

$('sign-out').addEventListener('click', () => {
  auth.clear();
  location.reload();
});

// ---------------------------------------------------------------- sessions

async function refreshSessions() {
  $('sessions-error').textContent = '';
  try {
    const page = await listSessions();
    app.sessions = page.items || [];
    renderSessions();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { // expired or foreign token: sign in again
      auth.clear();
      location.reload();
      return;
    }
    $('sessions-error').textContent = `Could not list sessions: ${describe(e)}`;
  }
}

function renderSessions() {
  const ul = $('session-list');
  ul.replaceChildren();
  for (const s of app.sessions) {
    const li = document.createElement('li');
    li.dataset.sessionId = s.id;
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = s.title;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = `${s.owner} · ${s.state}`;
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open';
    open.className = 'open-session';
    open.addEventListener('click', () => openSession(s));
    li.append(title, meta, ' ', open);
    ul.append(li);
  }
  if (app.sessions.length === 0) {
    const li = document.createElement('li');
    li.className = 'hint';
    li.textContent = 'No sessions yet: create one.';
    ul.append(li);
  }
}

async function openSession(s) {
  $('sessions-error').textContent = '';
  $('leave-session').hidden = false;
  const current = app.editor.state();
  if (current && current.session === s.id) { // already open here (creating a session opens it)
    $('editor').focus();
    return;
  }
  try {
    await app.editor.open(s);
  } catch (e) {
    $('sessions-error').textContent = `Could not open the session: ${describe(e)}`;
  }
}

$('create-session-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const title = $('new-session-title').value;
  $('sessions-error').textContent = '';
  try {
    const s = await createSession(title);
    $('new-session-title').value = '';
    await refreshSessions();
    openSession(s);
  } catch (e) {
    $('sessions-error').textContent = `Could not create the session: ${describe(e)}`;
  }
});

$('refresh-sessions').addEventListener('click', refreshSessions);
$('leave-session').addEventListener('click', () => {
  app.editor.leave();
  $('leave-session').hidden = true;
});

// ---------------------------------------------------------------- topics

$('subscribe-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  app.feed.subscribe($('topic').value.trim());
});

// The payload is JSON when it looks like JSON ({, [ or "), else text: JSON that does not parse is said before sending.
function checkPayload() {
  const raw = $('publish-payload').value;
  const problem = app.feed ? app.feed.payloadProblem(raw) : null;
  $('payload-check').textContent = problem ? `Not valid JSON: ${problem}` : (raw.trim() ? app.feed.payloadKind(raw) : '');
  $('payload-check').className = problem ? 'error' : 'hint';
  $('publish-button').disabled = Boolean(problem) || !raw.trim();
  $('publish-payload').setAttribute('aria-invalid', problem ? 'true' : 'false');
}
$('publish-payload').addEventListener('input', checkPayload);

$('publish-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const raw = $('publish-payload').value;
  if (app.feed.payloadProblem(raw)) return;
  app.feed.publish($('topic').value.trim(), raw).then((ok) => {
    if (ok) $('publish-payload').value = '';
    checkPayload();
  });
});
