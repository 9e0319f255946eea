// Operational transform on plain text: a faithful port of Switchboard's reference Java implementation
// (eventbus-codecs/src/main/java/io/switchboard/ot/TextOperation.java and OtClient.java), itself the ot.js model.
//
// Operations are in ot.js array form: a positive integer retains that many code points, a negative integer
// deletes, a non-empty string inserts. EVERY length and position counts Unicode CODE POINTS, never UTF-16 units
// ("a😀b" has length 3), exactly as the server does (docs/collaboration.md, "Code points, not UTF-16 units").

export class OperationError extends Error {
  constructor(code, message, index = -1) {
    super(message);
    this.code = code;
    this.index = index;
  }
}

// ---------------------------------------------------------------- code points

/** Any surrogate: a string without one counts code points as UTF-16 units (the regex scans natively). */
const SURROGATE = /[\ud800-\udfff]/;

/** Length of `s` in code points: its UTF-16 length less one per surrogate pair. */
export function cpLength(s) {
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

/**
 * The UTF-16 index `n` code points after index `at` of `s`, or -1 when `s` ends first; `plain`: `s` has no surrogate,
 * so a code point is one unit.
 */
function advance(s, at, n, plain) {
  if (plain) return at + n <= s.length ? at + n : -1;
  let i = at;
  for (let k = 0; k < n; k++) {
    if (i >= s.length) return -1;
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** Code points [from, to) of `s` as a string. */
export function cpSlice(s, from, to) {
  return Array.from(s).slice(from, to).join('');
}

/** A UTF-16 offset (e.g. textarea.selectionStart) as a code point index. */
export function toCodePointIndex(s, utf16) {
  return cpLength(s.slice(0, utf16));
}

/** A code point index as a UTF-16 offset. */
export function toUtf16Index(s, cp) {
  let i = 0;
  let n = 0;
  while (n < cp && i < s.length) {
    const c = s.codePointAt(i);
    i += c > 0xffff ? 2 : 1;
    n++;
  }
  return i;
}

/** True if `s` has no unpaired surrogate. */
export function isWellFormed(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const isInsert = (c) => typeof c === 'string';
/** Code points a component consumes from the base document (retain n, delete n) or produces (insert). */
const compLength = (c) => (typeof c === 'string' ? cpLength(c) : Math.abs(c));

// ---------------------------------------------------------------- TextOperation

export class TextOperation {
  /** Use TextOperation.builder() or fromJSON(); components are in normal form. */
  constructor(ops = [], baseLength = 0, targetLength = 0) {
    this.ops = ops;
    this.baseLength = baseLength;
    this.targetLength = targetLength;
    Object.freeze(this.ops);
    Object.freeze(this);
  }

  static builder() {
    return new Builder();
  }

  static identity(length) {
    return TextOperation.builder().retain(length).build();
  }

  /** Parses the ot.js wire form strictly (as TextOperation.fromJson does) and normalizes it. */
  static fromJSON(json) {
    if (!Array.isArray(json)) {
      throw new OperationError('invalid_component', 'operation must be a JSON array');
    }
    const b = TextOperation.builder();
    json.forEach((v, i) => {
      if (typeof v === 'string') {
        if (v === '') throw new OperationError('invalid_component', `component ${i}: empty insert string`, i);
        if (!isWellFormed(v)) throw new OperationError('invalid_component', `component ${i}: unpaired surrogate`, i);
        b.insert(v);
      } else if (Number.isInteger(v) && v !== 0) {
        if (v > 0) b.retain(v);
        else b.delete(-v);
      } else {
        throw new OperationError('invalid_component', `component ${i}: ${JSON.stringify(v)} is not an operation component`, i);
      }
    });
    return b.build();
  }

  toJSON() {
    return this.ops.slice();
  }

  toString() {
    return JSON.stringify(this.ops);
  }

  isNoop() {
    return this.ops.every(isRetain);
  }

  equals(other) {
    return other instanceof TextOperation && this.ops.length === other.ops.length
      && this.ops.every((c, i) => c === other.ops[i]);
  }

  /**
   * Applies the operation to `doc`; throws OperationError (retain_past_end, delete_past_end, base_length_mismatch).
   * Walks the UTF-16 string by code points and slices it, once: no array of the document's code points (an editor
   * applies every edit to the whole text, so this is per keystroke).
   */
  apply(doc) {
    const plain = !SURROGATE.test(doc);
    const out = [];
    let at = 0; // UTF-16 index
    let cp = 0; // code points consumed
    this.ops.forEach((c, i) => {
      if (isInsert(c)) {
        out.push(c);
        return;
      }
      const n = Math.abs(c);
      const to = advance(doc, at, n, plain);
      if (to < 0) {
        const retain = c > 0;
        throw new OperationError(retain ? 'retain_past_end' : 'delete_past_end',
          `${retain ? 'retain' : 'delete'}(${n}) at code point ${cp} runs past the end of a document of ${cpLength(doc)} code points`, i);
      }
      if (c > 0) out.push(doc.slice(at, to));
      at = to;
      cp += n;
    });
    if (at !== doc.length) {
      throw new OperationError('base_length_mismatch',
        `operation base length is ${this.baseLength} code points but the document has ${cpLength(doc)}`);
    }
    return out.join('');
  }

  /** The operation that undoes this one, given the document it applies to. */
  invert(doc) {
    if (cpLength(doc) !== this.baseLength) {
      throw new OperationError('base_length_mismatch', `operation base length is ${this.baseLength} but the document has ${cpLength(doc)}`);
    }
    const plain = !SURROGATE.test(doc);
    const b = TextOperation.builder();
    let at = 0;
    for (const c of this.ops) {
      if (isRetain(c)) {
        b.retain(c);
        at = advance(doc, at, c, plain);
      } else if (isInsert(c)) {
        b.delete(cpLength(c));
      } else {
        const to = advance(doc, at, -c, plain);
        b.insert(doc.slice(at, to));
        at = to;
      }
    }
    return b.build();
  }

  /** compose(a, b).apply(S) === b.apply(a.apply(S)). */
  static compose(a, b) {
    if (a.targetLength !== b.baseLength) {
      throw new OperationError('base_length_mismatch',
        `compose: second operation's base length ${b.baseLength} != first operation's target length ${a.targetLength}`);
    }
    const out = TextOperation.builder();
    const c1 = cursor(a.ops);
    const c2 = cursor(b.ops);
    let op1 = c1();
    let op2 = c2();
    while (op1 !== undefined || op2 !== undefined) {
      if (op1 !== undefined && isDelete(op1)) {
        out.add(op1);
        op1 = c1();
        continue;
      }
      if (op2 !== undefined && isInsert(op2)) {
        out.add(op2);
        op2 = c2();
        continue;
      }
      if (op1 === undefined || op2 === undefined) {
        throw new Error('compose: length bookkeeping broken');
      }
      if (isRetain(op1) && isRetain(op2)) {
        const n = Math.min(op1, op2);
        out.retain(n);
        op1 = op1 > n ? op1 - n : c1();
        op2 = op2 > n ? op2 - n : c2();
      } else if (isInsert(op1) && isDelete(op2)) {
        const len = cpLength(op1);
        const n = Math.min(len, -op2);
        op1 = len > n ? cpSlice(op1, n, len) : c1();
        op2 = -op2 > n ? op2 + n : c2();
      } else if (isInsert(op1) && isRetain(op2)) {
        const len = cpLength(op1);
        const n = Math.min(len, op2);
        if (len > n) {
          out.insert(cpSlice(op1, 0, n));
          op1 = cpSlice(op1, n, len);
        } else {
          out.add(op1);
          op1 = c1();
        }
        op2 = op2 > n ? op2 - n : c2();
      } else if (isRetain(op1) && isDelete(op2)) {
        const n = Math.min(op1, -op2);
        out.delete(n);
        op1 = op1 > n ? op1 - n : c1();
        op2 = -op2 > n ? op2 + n : c2();
      } else {
        throw new Error(`compose: unexpected ${op1} / ${op2}`);
      }
    }
    return out.build();
  }

  /**
   * Two concurrent operations on the same document → [aPrime, bPrime] with
   * bPrime.apply(a.apply(S)) === aPrime.apply(b.apply(S)). Tie-break: the insert of `a` goes first.
   */
  static transform(a, b) {
    if (a.baseLength !== b.baseLength) {
      throw new OperationError('base_length_mismatch', `transform: base lengths differ (${a.baseLength} vs ${b.baseLength})`);
    }
    const aP = TextOperation.builder();
    const bP = TextOperation.builder();
    const c1 = cursor(a.ops);
    const c2 = cursor(b.ops);
    let op1 = c1();
    let op2 = c2();
    while (op1 !== undefined || op2 !== undefined) {
      if (op1 !== undefined && isInsert(op1)) {
        aP.add(op1);
        bP.retain(cpLength(op1));
        op1 = c1();
        continue;
      }
      if (op2 !== undefined && isInsert(op2)) {
        aP.retain(cpLength(op2));
        bP.add(op2);
        op2 = c2();
        continue;
      }
      if (op1 === undefined || op2 === undefined) {
        throw new Error('transform: length bookkeeping broken');
      }
      const n1 = Math.abs(op1);
      const n2 = Math.abs(op2);
      const n = Math.min(n1, n2);
      if (isRetain(op1) && isRetain(op2)) {
        aP.retain(n);
        bP.retain(n);
      } else if (isDelete(op1) && isRetain(op2)) {
        aP.delete(n);
      } else if (isRetain(op1) && isDelete(op2)) {
        bP.delete(n);
      } // delete / delete: both removed it already
      op1 = n1 > n ? Math.sign(op1) * (n1 - n) : c1();
      op2 = n2 > n ? Math.sign(op2) * (n2 - n) : c2();
    }
    return [aP.build(), bP.build()];
  }
}

function cursor(list) {
  let i = 0;
  return () => (i < list.length ? list[i++] : undefined);
}

/** Builds operations in normal form: adjacent components merged, an insert always before an adjacent delete. */
class Builder {
  constructor() {
    this.list = [];
    this.baseLength = 0;
    this.targetLength = 0;
  }

  retain(n) {
    checkCount(n);
    if (n === 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    const last = this.list[this.list.length - 1];
    if (last !== undefined && isRetain(last)) this.list[this.list.length - 1] = last + n;
    else this.list.push(n);
    return this;
  }

  insert(text) {
    if (typeof text !== 'string') throw new OperationError('invalid_component', 'insert needs a string');
    if (text === '') return this;
    this.targetLength += cpLength(text);
    const k = this.list.length;
    const last = this.list[k - 1];
    if (last !== undefined && isInsert(last)) {
      this.list[k - 1] = last + text;
    } else if (last !== undefined && isDelete(last)) {
      // canonical order: insert before delete
      const prev = this.list[k - 2];
      if (prev !== undefined && isInsert(prev)) this.list[k - 2] = prev + text;
      else this.list.splice(k - 1, 0, text);
    } else {
      this.list.push(text);
    }
    return this;
  }

  delete(n) {
    checkCount(n);
    if (n === 0) return this;
    this.baseLength += n;
    const last = this.list[this.list.length - 1];
    if (last !== undefined && isDelete(last)) this.list[this.list.length - 1] = last - n;
    else this.list.push(-n);
    return this;
  }

  /** Adds a component in wire form. */
  add(c) {
    if (isInsert(c)) return this.insert(c);
    if (isRetain(c)) return this.retain(c);
    return this.delete(-c);
  }

  build() {
    return new TextOperation(this.list.slice(), this.baseLength, this.targetLength);
  }
}

function checkCount(n) {
  if (!Number.isInteger(n) || n < 0) {
    throw new OperationError('invalid_component', `count must be a non-negative integer, got ${n}`);
  }
}

/**
 * The operation that turns `oldText` into `newText`: common prefix and suffix kept (in code points), the middle
 * replaced. `caretHint` (code points, in newText) resolves ambiguity when the same character is repeated: the
 * changed region is placed to end at the caret when possible (typing "a" after "a" inserts at the caret).
 */
export function diff(oldText, newText, caretHint = -1) {
  const a = Array.from(oldText);
  const b = Array.from(newText);
  let prefix = 0;
  const maxPrefix = Math.min(a.length, b.length);
  while (prefix < maxPrefix && a[prefix] === b[prefix]) prefix++;
  if (caretHint >= 0 && b.length >= a.length) {
    // for an insertion, the inserted text ends at the caret: don't let the prefix run past caret - inserted
    prefix = Math.min(prefix, Math.max(0, caretHint - (b.length - a.length)));
  } else if (caretHint >= 0) {
    prefix = Math.min(prefix, caretHint);
  }
  let suffix = 0;
  const maxSuffix = Math.min(a.length, b.length) - prefix;
  while (suffix < maxSuffix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return TextOperation.builder()
    .retain(prefix)
    .insert(b.slice(prefix, b.length - suffix).join(''))
    .delete(a.length - suffix - prefix)
    .retain(suffix)
    .build();
}

/**
 * Where a position (code points) ends up after `op`. An insert exactly at the position pushes it right only when
 * `insertBefore` is true (the op's author's own caret); other users' inserts at a caret leave it in place.
 */
export function transformPosition(pos, op, insertBefore = false) {
  let oldIndex = 0; // position in the base document
  let newPos = pos;
  for (const c of op.ops) {
    if (oldIndex > pos) break;
    if (isRetain(c)) {
      oldIndex += c;
    } else if (isInsert(c)) {
      if (oldIndex < pos || insertBefore) newPos += cpLength(c);
    } else {
      const n = -c;
      if (pos > oldIndex) newPos -= Math.min(n, pos - oldIndex);
      oldIndex += n;
    }
  }
  return newPos;
}

// ---------------------------------------------------------------- client

export const SYNCHRONIZED = 'Synchronized';
export const AWAITING_CONFIRM = 'AwaitingConfirm';
export const AWAITING_WITH_BUFFER = 'AwaitingWithBuffer';

/** A random prefix for this client's edit ids: ids stay unique for the user across tabs and reconnects. */
function randomPrefix() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/**
 * The ot.js client algorithm (port of OtClient): at most one operation in flight; local edits made meanwhile are
 * composed into one buffer sent when the acknowledgement arrives. Server operations are transformed with the
 * server's operation as the FIRST argument of transform (it was applied first on the server).
 *
 * Every operation sent gets an id (`editId`: a random client prefix and a counter). After a lost connection the
 * application joins with `resume: {epoch, revision}`, sends `resend()` (the unacknowledged operation, same id,
 * `resent: true`) and feeds the replayed edits to `receive()`: its own outstanding operation among them is its
 * acknowledgement (docs/collaboration.md, "Reconnect").
 *
 * Undo: every local edit pushes its inverse; every server operation transforms both stacks (ot.js's UndoManager),
 * so `undo()` reverts this client's own last edit as it stands after the others' later edits, and is sent like any
 * edit; `redo()` reverts an undo; a new local edit clears redo; entries the others' edits emptied are dropped.
 */
export const DEFAULT_MAX_UNDO = 100; // ot.js keeps 50; every server operation transforms each kept step

/** Rebases a stack (last = most recent) over an operation applied to the local text; drops entries that become no-ops. */
function transformStack(stack, op) {
  const out = [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const [entry, rest] = TextOperation.transform(stack[i], op);
    if (!entry.isNoop()) out.push(entry);
    op = rest;
  }
  return out.reverse();
}

export class OtClient {
  /** `maxUndo`: undo steps kept (0: none, for a client that never undoes, such as a load generator). */
  constructor(text, revision, { maxUndo = DEFAULT_MAX_UNDO } = {}) {
    this.maxUndo = maxUndo;
    this.text = text;
    this.revision = revision;
    this.state = SYNCHRONIZED;
    this.outstanding = null;
    this.outstandingId = null;
    this.buffer = null;
    this.idPrefix = `${randomPrefix()}-`;
    this.sent = 0;
    this.undoStack = [];
    this.redoStack = [];
  }

  /**
   * A local edit: applies it, returns {baseRevision, operation, editId, resent} to send now, or null. With
   * `mergeUndo` it continues the previous edit (a word being typed): one undo reverts both.
   */
  applyClient(op, mergeUndo = false) {
    if (this.maxUndo === 0) return this.edit(op);
    const inverse = op.invert(this.text);
    const send = this.edit(op);
    this.redoStack = [];
    if (mergeUndo && this.undoStack.length) this.undoStack.push(TextOperation.compose(inverse, this.undoStack.pop()));
    else this.push(this.undoStack, inverse);
    return send;
  }

  get canUndo() { return this.undoStack.length > 0; }

  get canRedo() { return this.redoStack.length > 0; }

  /** Reverts the own last edit not yet undone: returns {applied, send} (send may be null), or null if none. */
  undo() { return this.step(this.undoStack, this.redoStack); }

  /** Reverts the last undo: returns {applied, send}, or null if none. */
  redo() { return this.step(this.redoStack, this.undoStack); }

  push(stack, op) {
    stack.push(op);
    if (stack.length > this.maxUndo) stack.shift();
  }

  step(from, to) {
    if (!from.length) return null;
    const op = from.pop();
    this.push(to, op.invert(this.text));
    return { applied: op, send: this.edit(op) };
  }

  edit(op) {
    const newText = op.apply(this.text);
    let send = null;
    switch (this.state) {
      case SYNCHRONIZED:
        send = this.send(op);
        break;
      case AWAITING_CONFIRM:
        this.buffer = op;
        this.state = AWAITING_WITH_BUFFER;
        break;
      default:
        this.buffer = TextOperation.compose(this.buffer, op);
    }
    this.text = newText;
    return send;
  }

  send(op) {
    this.outstanding = op;
    this.outstandingId = `${this.idPrefix}${++this.sent}`;
    this.state = AWAITING_CONFIRM;
    return { baseRevision: this.revision, operation: op, editId: this.outstandingId, resent: false };
  }

  /** Whether `editId` is the id of the operation in flight. */
  awaits(editId) {
    return this.outstanding !== null && this.outstandingId === editId;
  }

  /**
   * The outstanding operation was acknowledged: returns the buffered operation to send next, or null. With an
   * `editId` that is not the outstanding one's (an acknowledgement already taken from a replayed edit), nothing.
   */
  serverAck(editId) {
    if (editId !== undefined && !this.awaits(editId)) return null;
    switch (this.state) {
      case AWAITING_CONFIRM:
        this.revision++;
        this.outstanding = null;
        this.outstandingId = null;
        this.state = SYNCHRONIZED;
        return null;
      case AWAITING_WITH_BUFFER: {
        this.revision++;
        const next = this.buffer;
        this.buffer = null;
        return this.send(next);
      }
      default:
        throw new Error('acknowledgement received with no operation awaiting one');
    }
  }

  /**
   * An edit from the server with its author's edit id; `mine`: its author is this client's user. If it is the
   * outstanding operation (replayed after a resume) it is the acknowledgement: returns {acked: true, next}
   * (next: what to send now, or null). Otherwise it is applied: returns {acked: false, applied}.
   */
  receive(mine, clientEditId, op) {
    if (mine && this.awaits(clientEditId)) return { acked: true, next: this.serverAck() };
    return { acked: false, applied: this.applyServer(op) };
  }

  /** After a resumed join: the outstanding operation to send again (same id, resent), or null. */
  resend() {
    if (this.outstanding === null) return null;
    return { baseRevision: this.revision, operation: this.outstanding, editId: this.outstandingId, resent: true };
  }

  /** Another client's operation from the server: returns the operation applied to the local text. */
  applyServer(op) {
    let toApply;
    switch (this.state) {
      case SYNCHRONIZED:
        toApply = op;
        break;
      case AWAITING_CONFIRM: {
        const [opP, outP] = TextOperation.transform(op, this.outstanding);
        this.outstanding = outP;
        toApply = opP;
        break;
      }
      default: {
        const [op1, outP] = TextOperation.transform(op, this.outstanding);
        const [op2, bufP] = TextOperation.transform(op1, this.buffer);
        this.outstanding = outP;
        this.buffer = bufP;
        toApply = op2;
      }
    }
    this.text = toApply.apply(this.text);
    this.revision++;
    this.undoStack = transformStack(this.undoStack, toApply);
    this.redoStack = transformStack(this.redoStack, toApply);
    return toApply;
  }

  /** Resets to the server's snapshot; returns the dropped pending edits composed, or null. */
  resync(text, revision) {
    let lost = null;
    if (this.state === AWAITING_CONFIRM) lost = this.outstanding;
    else if (this.state === AWAITING_WITH_BUFFER) lost = TextOperation.compose(this.outstanding, this.buffer);
    this.text = text;
    this.revision = revision;
    this.outstanding = null;
    this.outstandingId = null;
    this.buffer = null;
    this.state = SYNCHRONIZED;
    this.undoStack = [];
    this.redoStack = [];
    return lost;
  }
}
