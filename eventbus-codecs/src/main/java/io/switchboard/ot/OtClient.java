package io.switchboard.ot;

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
 * <p>Not thread-safe; one instance per client connection/editor.
 */
public final class OtClient {

  /** The three states of the ot.js client. */
  public enum State { SYNCHRONIZED, AWAITING_CONFIRM, AWAITING_WITH_BUFFER }

  /** An operation to send to the server, made against {@code baseRevision}. */
  public record Outgoing(long baseRevision, TextOperation operation) {
  }

  private String text;
  private long revision;
  private State state = State.SYNCHRONIZED;
  private TextOperation outstanding;
  private TextOperation buffer;

  /** A client that has loaded {@code text} at {@code revision}. */
  public OtClient(String text, long revision) {
    this.text = Objects.requireNonNull(text, "text");
    this.revision = revision;
  }

  /**
   * The user edited the text locally: applies {@code op} to the local text and returns the
   * operation to send now, if any (only in {@link State#SYNCHRONIZED}).
   */
  public Optional<Outgoing> applyClient(TextOperation op) {
    String newText = op.apply(text);
    Optional<Outgoing> send = Optional.empty();
    switch (state) {
      case SYNCHRONIZED -> {
        outstanding = op;
        state = State.AWAITING_CONFIRM;
        send = Optional.of(new Outgoing(revision, op));
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
        state = State.SYNCHRONIZED;
        return Optional.empty();
      }
      case AWAITING_WITH_BUFFER -> {
        revision++;
        outstanding = buffer;
        buffer = null;
        state = State.AWAITING_CONFIRM;
        return Optional.of(new Outgoing(revision, outstanding));
      }
      default -> throw new IllegalStateException("acknowledgement received with no operation awaiting one");
    }
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
    this.buffer = null;
    this.state = State.SYNCHRONIZED;
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
