// The collaborative editor: a <textarea> bound to a session's document through the OT client (ot.js).
// Each input event becomes an operation (a code point diff of the old and new text); remote edits are transformed
// by the OT client and applied with the local caret and the other participants' cursors carried along.
// Everything other users wrote (text, names) is put into the page as text: .value and .textContent only.

import {
  OtClient, TextOperation, diff, transformPosition, cpLength, cpSlice, toCodePointIndex, toUtf16Index, SYNCHRONIZED,
} from './ot.js';

const PRESENCE_INTERVAL_MS = 100; // the server relays at most ~10 per second; we send the latest state
const UNDO_GROUP_MS = 1000; // local edits closer than this are one undo step (a word being typed)

/** A participant's colour, the same on every page: a hue from the user name. */
export function colourOf(user) {
  let h = 0;
  for (const ch of String(user)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${h % 360}, 70%, 42%)`;
}

export class CollabEditor {
  constructor(conn, els, { readOnly = false } = {}) {
    this.conn = conn;
    this.els = els; // {textarea, overlay, participants, avatars, status, title}
    this.readOnly = readOnly;
    this.session = null;
    this.client = null;
    this.participants = new Map(); // connectionId -> {user, cursor, selection}
    this.epoch = null;
    this.lastEditAt = 0;
    this.myEdits = new Set();
    this.lastPresence = null;
    this.presenceTimer = null;
    this.renderQueued = false;
    this.joining = null;
    this.unsubscribe = [];

    const ta = els.textarea;
    ta.addEventListener('input', () => this.onInput());
    // Undo and redo are the document's, not the textarea's: the textarea's own history knows nothing of the others'
    // edits. Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y from the keyboard, and the same from menus (beforeinput).
    ta.addEventListener('keydown', (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) this.redo(); else this.undo();
      }
    });
    ta.addEventListener('beforeinput', (e) => {
      if (e.inputType === 'historyUndo' || e.inputType === 'historyRedo') {
        e.preventDefault();
        if (e.inputType === 'historyUndo') this.undo(); else this.redo();
      }
    });
    // the overlay under the textarea scrolls with it (it mirrors the text, with the others' cursors in it)
    ta.addEventListener('scroll', () => {
      els.overlay.scrollTop = ta.scrollTop;
      els.overlay.scrollLeft = ta.scrollLeft;
    });
    for (const ev of ['keyup', 'mouseup', 'focus', 'select']) ta.addEventListener(ev, () => this.schedulePresence());
    document.addEventListener('selectionchange', () => {
      if (document.activeElement === ta) this.schedulePresence();
    });

    this.unsubscribe.push(
      conn.on('edit_ack', (m) => this.onAck(m)),
      conn.on('remote_edit', (m) => this.onRemoteEdit(m)),
      conn.on('presence', (m) => this.onPresence(m)),
      conn.on('participant_joined', (m) => this.onParticipantJoined(m)),
      conn.on('participant_left', (m) => this.onParticipantLeft(m)),
      conn.on('error', (m) => this.onError(m)),
      // A new connection after a lost one: resume where the document was left, keeping unconfirmed edits.
      conn.on('ready', () => { if (this.session) this.rejoin(this.session.id); }),
    );
  }

  /** State for tests and the status line. */
  state() {
    return {
      session: this.session && this.session.id,
      state: this.client ? this.client.state : null,
      revision: this.client ? this.client.revision : null,
      text: this.client ? this.client.text : null,
      editorText: this.els.textarea.value,
      participants: [...this.participants.entries()].map(([connectionId, p]) => ({ connectionId, ...p })),
    };
  }

  async open(session) {
    if (this.session && this.session.id !== session.id) this.leave();
    this.session = session;
    this.els.title.textContent = `— ${session.title}`;
    return this.join(session.id, false);
  }

  /**
   * Joins again on a new connection. With a document already loaded it resumes (docs/collaboration.md,
   * "Reconnect"): the server replays what was missed, the unconfirmed edit is sent again, nothing typed is lost.
   * Should the server no longer keep that history, it joins afresh (and says which edits were dropped).
   */
  async rejoin(id) {
    if (!this.client || !this.epoch) return this.join(id, true);
    this.setStatus('Reconnecting to the session…');
    let joined;
    try {
      joined = await this.conn.request({ type: 'join', id: this.conn.id('j'), session: id,
        resume: { epoch: this.epoch, revision: this.client.revision } });
    } catch (e) {
      if (e.code === 'resync' || e.code === 'invalid_revision') return this.join(id, true);
      throw e;
    }
    if (!this.session || this.session.id !== id) return;
    const again = this.client.resend();
    if (again) this.sendEdit(again);
    this.afterJoin(joined);
  }

  async join(id, rejoin) {
    this.setStatus(rejoin ? 'Reconnecting to the session…' : 'Joining…');
    const joined = await this.conn.request({ type: 'join', id: this.conn.id('j'), session: id });
    if (!this.session || this.session.id !== id) return;
    this.epoch = joined.epoch;
    const ta = this.els.textarea;
    const [selStart, selEnd] = this.selectionCp();
    if (this.client && rejoin) {
      const lost = this.client.resync(joined.text, joined.revision);
      if (lost) this.setStatus('Reconnected: edits not confirmed before the connection dropped were discarded.');
    } else {
      this.client = new OtClient(joined.text, joined.revision);
    }
    ta.value = joined.text;
    this.setSelectionCp(Math.min(selStart, cpLength(joined.text)), Math.min(selEnd, cpLength(joined.text)));
    ta.disabled = false;
    ta.readOnly = this.readOnly;
    this.afterJoin(joined);
  }

  /** After a join, fresh or resumed: who is there, our cursor told again, the page redrawn. */
  afterJoin(joined) {
    this.participants.clear();
    const self = this.conn.ready && this.conn.ready.connectionId;
    for (const p of joined.participants || []) {
      if (p.connectionId !== self) this.participants.set(p.connectionId, { user: p.user, cursor: null, selection: null });
    }
    this.lastPresence = null;
    this.schedulePresence();
    this.render();
    this.updateStatus();
  }

  leave() {
    if (!this.session) return;
    if (this.conn.isOpen) this.conn.request({ type: 'leave', id: this.conn.id('l'), session: this.session.id }).catch(() => {});
    this.session = null;
    this.client = null;
    this.participants.clear();
    this.els.textarea.value = '';
    this.els.textarea.disabled = true;
    this.els.title.textContent = '';
    this.setStatus('No session open.');
    this.render();
  }

  // ------------------------------------------------------------ local edits

  onInput() {
    if (!this.client) return;
    const ta = this.els.textarea;
    const oldText = this.client.text;
    const newText = ta.value;
    if (oldText === newText) return;
    const caret = toCodePointIndex(newText, ta.selectionEnd);
    const op = diff(oldText, newText, caret);
    // a burst of typing (edits less than UNDO_GROUP_MS apart) is one undo step
    const now = Date.now();
    const out = this.client.applyClient(op, now - this.lastEditAt < UNDO_GROUP_MS);
    this.lastEditAt = now;
    this.transformCursors(op);
    if (out) this.sendEdit(out);
    this.schedulePresence();
    this.render();
    this.updateStatus();
  }

  undo() {
    this.historyStep(() => this.client.undo());
  }

  redo() {
    this.historyStep(() => this.client.redo());
  }

  /** Reverts the own last edit (or undo), as transformed by the others' later edits, and sends it like any edit. */
  historyStep(take) {
    if (!this.client || this.readOnly) return;
    this.onInput(); // a change not yet turned into an operation comes first
    const step = take();
    if (!step) return;
    this.lastEditAt = 0; // the next typing starts a new undo step
    const ta = this.els.textarea;
    const scrollTop = ta.scrollTop;
    const [, selEnd] = this.selectionCp();
    ta.value = this.client.text;
    const caret = transformPosition(selEnd, step.applied);
    this.setSelectionCp(caret, caret);
    ta.scrollTop = scrollTop;
    this.transformCursors(step.applied);
    if (step.send) this.sendEdit(step.send);
    this.schedulePresence();
    this.render();
    this.updateStatus();
  }

  /** Sends on the current connection; while it is down the edit stays outstanding and the resume sends it again. */
  sendEdit(out) {
    this.myEdits.add(out.editId);
    const msg = { type: 'edit', id: out.editId, session: this.session.id, revision: out.baseRevision, op: out.operation.toJSON() };
    if (out.resent) msg.resent = true;
    this.conn.send(msg); // no-op while offline
  }

  onAck(m) {
    if (!this.client || !this.session || m.session !== this.session.id) return;
    this.myEdits.delete(m.id);
    if (!this.client.awaits(m.id)) return; // already acknowledged by its replayed copy after a resume
    this.acknowledged(this.client.serverAck(m.id));
  }

  acknowledged(next) {
    if (next) this.sendEdit(next);
    else this.schedulePresence(); // everything acknowledged: the position can be told now
    this.updateStatus();
  }

  // ------------------------------------------------------------ remote edits

  onRemoteEdit(m) {
    if (!this.client || !this.session || m.session !== this.session.id) return;
    if (m.revision <= this.client.revision) return; // already have it
    if (m.revision !== this.client.revision + 1) {
      this.resync(`a missing revision (${this.client.revision + 1})`);
      return;
    }
    this.onInput(); // never lose a local change not yet turned into an operation
    const ta = this.els.textarea;
    const [selStart, selEnd] = this.selectionCp();
    const hadFocus = document.activeElement === ta;
    const mine = !!this.conn.ready && m.author === this.conn.ready.user;
    let applied;
    try {
      const r = this.client.receive(mine, m.clientEditId, TextOperation.fromJSON(m.op));
      if (r.acked) { // our own edit, applied before the link dropped: its acknowledgement
        this.myEdits.delete(m.clientEditId);
        this.acknowledged(r.next);
        return;
      }
      applied = r.applied;
    } catch (e) {
      this.resync(`an edit that does not fit (${e.code || e.message})`);
      return;
    }
    const scrollTop = ta.scrollTop;
    ta.value = this.client.text;
    const start = transformPosition(selStart, applied);
    const end = transformPosition(selEnd, applied);
    this.setSelectionCp(start, Math.max(start, end));
    ta.scrollTop = scrollTop;
    if (hadFocus && document.activeElement !== ta) ta.focus();
    this.transformCursors(applied);
    this.render();
    this.updateStatus();
  }

  onError(m) {
    if (!this.session) return;
    if (m.ref && this.myEdits.has(m.ref)) {
      this.myEdits.delete(m.ref);
      if (m.code === 'session_ended' || m.code === 'forbidden') {
        this.setStatus(`Edit refused: ${m.code}. The document was reloaded.`);
      }
      this.resync(`edit refused (${m.code})`);
    }
  }

  resync(why) {
    if (!this.session || this.joining) return;
    this.setStatus(`Resynchronizing after ${why}…`);
    this.joining = this.join(this.session.id, true)
      .catch((e) => this.setStatus(`Could not rejoin: ${e.message}`))
      .finally(() => { this.joining = null; });
  }

  // ------------------------------------------------------------ presence

  selectionCp() {
    const ta = this.els.textarea;
    const v = ta.value;
    return [toCodePointIndex(v, ta.selectionStart), toCodePointIndex(v, ta.selectionEnd)];
  }

  setSelectionCp(start, end) {
    const ta = this.els.textarea;
    const v = ta.value;
    ta.setSelectionRange(toUtf16Index(v, start), toUtf16Index(v, end));
  }

  schedulePresence() {
    if (!this.session || this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      this.sendPresence();
    }, PRESENCE_INTERVAL_MS);
  }

  sendPresence() {
    if (!this.session || !this.client || !this.conn.isOpen) return;
    // A position counts in the text with our edits applied; while one is unacknowledged the others may not have it
    // yet, and would put the cursor one edit off (after it). Say where we are once the server has our edits.
    if (this.client.state !== SYNCHRONIZED) return;
    const [start, end] = this.selectionCp();
    const key = `${this.session.id}:${start}:${end}`;
    if (key === this.lastPresence) return;
    this.lastPresence = key;
    const msg = { type: 'presence', session: this.session.id, cursor: end };
    if (end > start) msg.selection = { start, end };
    this.conn.send(msg);
  }

  onPresence(m) {
    if (!this.session || m.session !== this.session.id) return;
    const p = this.participants.get(m.connectionId) || { user: m.user };
    p.user = m.user;
    p.cursor = Number.isInteger(m.cursor) ? m.cursor : null;
    p.selection = m.selection && Number.isInteger(m.selection.start) ? { start: m.selection.start, end: m.selection.end } : null;
    this.participants.set(m.connectionId, p);
    this.render();
  }

  onParticipantJoined(m) {
    if (!this.session || m.session !== this.session.id) return;
    if (!this.participants.has(m.connectionId)) this.participants.set(m.connectionId, { user: m.user, cursor: null, selection: null });
    this.lastPresence = null; // let the newcomer see our cursor
    this.schedulePresence();
    this.render();
  }

  onParticipantLeft(m) {
    if (!this.session || m.session !== this.session.id) return;
    this.participants.delete(m.connectionId);
    this.render();
  }

  /** Carries the other participants' cursors along an operation applied to the local text. */
  transformCursors(op) {
    for (const p of this.participants.values()) {
      if (p.cursor !== null) p.cursor = transformPosition(p.cursor, op);
      if (p.selection) {
        p.selection = { start: transformPosition(p.selection.start, op), end: transformPosition(p.selection.end, op) };
      }
    }
  }

  // ------------------------------------------------------------ rendering (text only)

  setStatus(text) {
    this.els.status.textContent = text;
    this.statusOverride = text;
  }

  updateStatus() {
    if (!this.client) return;
    const n = this.participants.size;
    this.els.status.textContent = `Revision ${this.client.revision} · ${this.client.state} · ${n} other participant${n === 1 ? '' : 's'}`;
  }

  render() {
    if (this.renderQueued) return;
    this.renderQueued = true;
    // a timer, not requestAnimationFrame: hidden tabs get no animation frames but must stay current
    setTimeout(() => {
      this.renderQueued = false;
      this.renderNow();
    }, 30);
  }

  renderNow() {
    const text = this.client ? this.client.text : '';
    const others = [...this.participants.entries()].sort((a, b) => a[1].user.localeCompare(b[1].user));
    this.renderParticipants(text, others);
    this.renderAvatars(others);
    this.renderOverlay(text, others);
  }

  renderParticipants(text, others) {
    const list = this.els.participants;
    list.replaceChildren();
    const me = document.createElement('li');
    me.textContent = `${this.conn.ready ? this.conn.ready.user : ''} (you)`;
    list.append(me);
    for (const [connectionId, p] of others) {
      const li = document.createElement('li');
      li.dataset.connectionId = connectionId;
      li.dataset.user = p.user;
      li.style.setProperty('--who', colourOf(p.user));
      let where = 'no cursor yet';
      if (p.cursor !== null) {
        const before = cpSlice(text, 0, Math.min(p.cursor, cpLength(text)));
        const lines = before.split('\n');
        where = `line ${lines.length}, column ${cpLength(lines[lines.length - 1]) + 1}`;
        if (p.selection && p.selection.end > p.selection.start) where += `, ${p.selection.end - p.selection.start} selected`;
      }
      li.textContent = `${p.user} — ${where}`;
      list.append(li);
    }
  }

  /** Who is here, in the header: one coloured initial per participant (the name in its tooltip). */
  renderAvatars(others) {
    const box = this.els.avatars;
    if (!box) return;
    box.replaceChildren();
    const seen = new Set();
    for (const [, p] of others) {
      if (seen.has(p.user)) continue; // one per user, however many tabs
      seen.add(p.user);
      const a = document.createElement('span');
      a.className = 'avatar';
      a.dataset.user = p.user;
      a.title = p.user;
      a.textContent = Array.from(p.user)[0].toUpperCase();
      a.style.background = colourOf(p.user);
      box.append(a);
    }
  }

  /**
   * The others' cursors and selections inside the text: the overlay under the (transparent) textarea holds the same
   * text in the same font and wrapping, with each selection a tinted span and each cursor a coloured bar carrying the
   * user's name. Text only: names and document go in as text nodes.
   */
  renderOverlay(text, others) {
    const view = this.els.overlay;
    view.replaceChildren();
    const cps = Array.from(text);
    const n = cps.length;
    const marks = []; // {at, kind: 'start'|'end'|'caret', user}
    for (const [, p] of others) {
      if (p.selection && p.selection.end > p.selection.start) {
        marks.push({ at: Math.min(p.selection.start, n), kind: 'start', user: p.user });
        marks.push({ at: Math.min(p.selection.end, n), kind: 'end', user: p.user });
      }
      if (p.cursor !== null) marks.push({ at: Math.min(p.cursor, n), kind: 'caret', user: p.user });
    }
    const order = { end: 0, caret: 1, start: 2 };
    marks.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);
    const open = []; // users whose selection covers the current position
    let pos = 0;
    const appendText = (from, to) => {
      if (to <= from) return;
      const chunk = document.createTextNode(cps.slice(from, to).join(''));
      if (open.length === 0) {
        view.append(chunk);
        return;
      }
      const span = document.createElement('span');
      span.className = 'selection';
      span.dataset.user = open[open.length - 1];
      span.style.setProperty('--who', colourOf(open[open.length - 1]));
      span.append(chunk);
      view.append(span);
    };
    for (const m of marks) {
      appendText(pos, m.at);
      pos = Math.max(pos, m.at);
      if (m.kind === 'start') open.push(m.user);
      else if (m.kind === 'end') open.splice(open.lastIndexOf(m.user), 1);
      else {
        const caret = document.createElement('span');
        caret.className = 'cursor-marker';
        caret.dataset.user = m.user;
        caret.style.setProperty('--who', colourOf(m.user));
        const label = document.createElement('span');
        label.className = 'cursor-label';
        label.textContent = m.user;
        caret.append(label);
        view.append(caret);
      }
    }
    appendText(pos, n);
    // a trailing newline needs something after it to take up its line, as in the textarea
    view.append(document.createTextNode('\u200b'));
    view.scrollTop = this.els.textarea.scrollTop;
  }
}
