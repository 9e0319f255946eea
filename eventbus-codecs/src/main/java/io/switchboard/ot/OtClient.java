package io.switchboard.ot;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reference implementation of the ot.js client algorithm, holding the client's text too.
 *
 * <p>At most one operation is in flight (sent, not yet acknowledged); local edits made meanwhile
 * are composed into a single buffered operation that is sent when the acknowledgement arrives.
 * States:
 * <ul>
 *   <li>{@link State#SYNCHRONIZED}: nothing pending. A local edit is sent at once.</li>
 *   <li>{@link State#AWAITING_CONFIRM}: one operation ({@link #outstanding()}) in flight.</li>
 *   <li>{@link State#AWAITING_WITH_BUFFER}: one in flight plus local edits composed in {@link #buffer()}.</li>
 * </ul>
 * Operations received from the server are transformed against the pending ones, with the server's
 * operation as the first argument of {@link TextOperation#transform} (it was applied first on the
 * server, so it wins insert ties there too); pending operations are rebased accordingly.
 *
 * <p><b>Reconnects.</b> Every operation sent gets an id ({@link Outgoing#editId}): a random prefix of this client
 * and a counter, so the same user never reuses one in a session, whatever tabs and reconnects there are. After a
 * lost connection the application joins again with {@code resume} at {@link #revision()}, sends
 * {@link #resend()} (the unacknowledged operation, same id, marked {@code resent}), and feeds the replayed edits
 * to {@link #applyServer(boolean, String, TextOperation)}: its own outstanding operation among them is its
 * acknowledgement (docs/collaboration.md, "Reconnect").
 *
 * <p><b>Undo.</b> Every local edit pushes its inverse on an undo stack; every server operation transforms both stacks,
 * so {@link #undo()} reverts this client's own last edit as it stands now, after the others' later edits (theirs
 * stay), and is sent like any edit. {@link #redo()} reverts an undo. A new local edit clears the redo stack. An
 * entry that the others' edits made empty (they deleted what it would restore or remove) is dropped. At most
 * {@code maxUndo} steps are kept ({@link #DEFAULT_MAX_UNDO}; every server operation transforms each of them, so a
 * client that never undoes, such as a load generator, passes 0 and keeps none).
 *
 * <p>Not thread-safe; one instance per client connection/editor.
 */
public final class OtClient {

  /** The three states of the ot.js client. */
  public enum State { SYNCHRONIZED, AWAITING_CONFIRM, AWAITING_WITH_BUFFER }

  /**
   * An operation to send to the server, made against {@code baseRevision}, with the id to send it with
   * ({@code edit.id}); {@code resent} when it is sent again after a reconnect ({@code edit.resent}).
   */
  public record Outgoing(long baseRevision, TextOperation operation, String editId, boolean resent) {
  }

  /** An undo or redo: the operation applied to the local text (what an editor must apply) and what to send now. */
  public record Step(TextOperation applied, Optional<Outgoing> send) {
  }

  /** Undo steps kept by default (ot.js keeps 50); the oldest go first. */
  public static final int DEFAULT_MAX_UNDO = 100;

  private static final SecureRandom RANDOM = new SecureRandom();

  private String text;
  private long revision;
  private State state = State.SYNCHRONIZED;
  private TextOperation outstanding;
  private String outstandingId;
  private TextOperation buffer;
  private final String idPrefix;
  private long sent;
  /** Inverses of this client's edits (first = most recent), each applying to the current text. */
  private final Deque<TextOperation> undo = new ArrayDeque<>();
  private final Deque<TextOperation> redo = new ArrayDeque<>();
  private final int maxUndo;

  /** A client that has loaded {@code text} at {@code revision}, keeping {@link #DEFAULT_MAX_UNDO} undo steps. */
  public OtClient(String text, long revision) {
    this(text, revision, DEFAULT_MAX_UNDO);
  }

  /** A client that has loaded {@code text} at {@code revision}, keeping at most {@code maxUndo} undo steps (0: none). */
  public OtClient(String text, long revision, int maxUndo) {
    this.maxUndo = maxUndo;
    this.text = Objects.requireNonNull(text, "text");
    this.revision = revision;
    this.idPrefix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + "-";
  }

  /**
   * The user edited the text locally: applies {@code op} to the local text and returns the
   * operation to send now, if any (only in {@link State#SYNCHRONIZED}).
   */
  public Optional<Outgoing> applyClient(TextOperation op) {
    return applyClient(op, false);
  }

  /**
   * A local edit, as {@link #applyClient(TextOperation)}; with {@code mergeUndo} it continues the previous one (a
   * word being typed), and one undo reverts both.
   */
  public Optional<Outgoing> applyClient(TextOperation op, boolean mergeUndo) {
    if (maxUndo == 0) {
      return edit(op);
    }
    TextOperation inverse = op.invert(text);
    Optional<Outgoing> send = edit(op);
    redo.clear();
    if (mergeUndo && !undo.isEmpty()) {
      undo.push(TextOperation.compose(inverse, undo.pop()));
    } else {
      push(undo, inverse);
    }
    return send;
  }

  /** Reverts this client's last edit not yet undone (as transformed by everything since); empty if none. */
  public Optional<Step> undo() {
    return step(undo, redo);
  }

  /** Reverts the last undo; empty if none (or a local edit came after it). */
  public Optional<Step> redo() {
    return step(redo, undo);
  }

  public boolean canUndo() {
    return !undo.isEmpty();
  }

  public boolean canRedo() {
    return !redo.isEmpty();
  }

  private Optional<Step> step(Deque<TextOperation> from, Deque<TextOperation> to) {
    if (from.isEmpty()) {
      return Optional.empty();
    }
    TextOperation op = from.pop();
    push(to, op.invert(text));
    return Optional.of(new Step(op, edit(op)));
  }

  private void push(Deque<TextOperation> stack, TextOperation op) {
    stack.push(op);
    if (stack.size() > maxUndo) {
      stack.removeLast();
    }
  }

  /**
   * Rebases a stack over a server operation applied to the local text: the most recent entry applies to the current
   * text, so it is transformed first, and the operation, transformed past it, meets the next one (as in ot.js's
   * UndoManager). Entries that become no-ops are dropped.
   */
  private static void transform(Deque<TextOperation> stack, TextOperation op) {
    List<TextOperation> rebased = new ArrayList<>(stack.size());
    for (TextOperation entry : stack) {
      TextOperation.Pair p = TextOperation.transform(entry, op);
      if (!p.aPrime().isNoop()) {
        rebased.add(p.aPrime());
      }
      op = p.bPrime();
    }
    stack.clear();
    stack.addAll(rebased);
  }

  private Optional<Outgoing> edit(TextOperation op) {
    String newText = op.apply(text);
    Optional<Outgoing> send = Optional.empty();
    switch (state) {
      case SYNCHRONIZED -> {
        send = Optional.of(send(op));
      }
      case AWAITING_CONFIRM -> {
        buffer = op;
        state = State.AWAITING_WITH_BUFFER;
      }
      case AWAITING_WITH_BUFFER -> buffer = TextOperation.compose(buffer, op);
    }
    text = newText;
    return send;
  }

  /**
   * The server acknowledged the outstanding operation. Returns the buffered operation to send
   * next, if any.
   *
   * @throws IllegalStateException in {@link State#SYNCHRONIZED} (nothing was awaiting an ack)
   */
  public Optional<Outgoing> serverAck() {
    switch (state) {
      case AWAITING_CONFIRM -> {
        revision++;
        outstanding = null;
        outstandingId = null;
        state = State.SYNCHRONIZED;
        return Optional.empty();
      }
      case AWAITING_WITH_BUFFER -> {
        revision++;
        TextOperation next = buffer;
        buffer = null;
        return Optional.of(send(next));
      }
      default -> throw new IllegalStateException("acknowledgement received with no operation awaiting one");
    }
  }

  /**
   * An {@code edit_ack} for the edit sent with {@code editId}: acknowledges the outstanding operation if it is that
   * one, and is ignored otherwise (an acknowledgement already taken from a replayed edit, or a stale one).
   */
  public Optional<Outgoing> serverAck(String editId) {
    return awaits(editId) ? serverAck() : Optional.empty();
  }

  /** Whether {@code editId} is the id of the operation in flight. */
  public boolean awaits(String editId) {
    return outstanding != null && Objects.equals(outstandingId, editId);
  }

  /**
   * An edit from the server, with its author's edit id: if it is this client's own outstanding operation (its
   * author is this client's user, said the caller, and the id matches), it acknowledges it (a resumed join
   * replays the edits the old connection did not see); otherwise it is another's, applied as by
   * {@link #applyServer(TextOperation)}.
   *
   * @param mine whether the edit's author is this client's user (the server's {@code author})
   * @return the operation to send next, if this was the acknowledgement and a buffer was waiting
   */
  public Optional<Outgoing> applyServer(boolean mine, String clientEditId, TextOperation op) {
    if (mine && awaits(clientEditId)) {
      return serverAck();
    }
    applyServer(op);
    return Optional.empty();
  }

  /**
   * After a resumed join: the outstanding operation to send again (same id, marked resent, against the current
   * revision: it was transformed over every edit received meanwhile); empty when nothing was in flight. The
   * buffer stays buffered until the acknowledgement.
   */
  public Optional<Outgoing> resend() {
    return outstanding == null ? Optional.empty() : Optional.of(new Outgoing(revision, outstanding, outstandingId, true));
  }

  private Outgoing send(TextOperation op) {
    outstanding = op;
    outstandingId = idPrefix + (++sent);
    state = State.AWAITING_CONFIRM;
    return new Outgoing(revision, op, outstandingId, false);
  }

  /**
   * An operation of another client arrived from the server (it produced revision
   * {@code revision() + 1}). Transforms it against the pending operations, applies it locally and
   * returns the operation that was applied to the local text (what an editor must apply).
   */
  public TextOperation applyServer(TextOperation op) {
    TextOperation toApply;
    switch (state) {
      case SYNCHRONIZED -> toApply = op;
      case AWAITING_CONFIRM -> {
        TextOperation.Pair p = TextOperation.transform(op, outstanding);
        outstanding = p.bPrime();
        toApply = p.aPrime();
      }
      default -> {
        TextOperation.Pair p1 = TextOperation.transform(op, outstanding);
        TextOperation.Pair p2 = TextOperation.transform(p1.aPrime(), buffer);
        outstanding = p1.bPrime();
        buffer = p2.bPrime();
        toApply = p2.aPrime();
      }
    }
    text = toApply.apply(text);
    revision++;
    transform(undo, toApply);
    transform(redo, toApply);
    return toApply;
  }

  /**
   * The server answered {@code resync} (or the client reconnected): replaces the text and
   * revision and drops the pending operations, which are returned composed (against the old
   * text) so the caller can report or diff them; empty when nothing was pending.
   */
  public Optional<TextOperation> resync(String text, long revision) {
    Optional<TextOperation> lost = switch (state) {
      case SYNCHRONIZED -> Optional.empty();
      case AWAITING_CONFIRM -> Optional.of(outstanding);
      case AWAITING_WITH_BUFFER -> Optional.of(TextOperation.compose(outstanding, buffer));
    };
    this.text = Objects.requireNonNull(text, "text");
    this.revision = revision;
    this.outstanding = null;
    this.outstandingId = null;
    this.buffer = null;
    this.state = State.SYNCHRONIZED;
    this.undo.clear();
    this.redo.clear();
    return lost;
  }

  public String text() {
    return text;
  }

  /** Revision of the last server state this client has seen (acked or received). */
  public long revision() {
    return revision;
  }

  public State state() {
    return state;
  }

  /** The in-flight operation, or null. */
  public TextOperation outstanding() {
    return outstanding;
  }

  /** The buffered (not yet sent) operation, or null. */
  public TextOperation buffer() {
    return buffer;
  }
}
