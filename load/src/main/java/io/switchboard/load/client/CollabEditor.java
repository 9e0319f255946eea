package io.switchboard.load.client;

import io.switchboard.ot.OtClient;
import io.switchboard.ot.TextOperation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated editor of a shared document: the ot.js client algorithm ({@link OtClient}, reused from
 * eventbus-codecs) plus what a load test needs around it. Each local edit inserts a short unique token
 * ({@code <editor.n>}) at a random token boundary, so no insert ever lands inside another token and the end state can
 * be checked token by token. It remembers which tokens went into which wire edit, so an {@code edit_ack} tells which
 * tokens the server accepted and when they were typed. Pure logic, no I/O; not thread-safe.
 */
public final class CollabEditor {

  static final Pattern TOKEN = Pattern.compile("<(\\d+)\\.(\\d+)>");

  /** A token typed locally at {@code madeNanos}. */
  public record Token(String text, long madeNanos) {
  }

  /** What an {@code edit_ack} confirmed: the tokens of the edit, when it was sent, and the next edit to send (or null). */
  public record Ack(List<Token> tokens, long sentNanos, JsonObject next) {
  }

  private final int index;
  private final String session;
  private final Random random;
  private OtClient ot;
  private int made;
  private int sent;
  /** Tokens typed since the last edit went out (they are in the OT client's buffer, or about to be sent). */
  private List<Token> typed = new ArrayList<>();
  /** Tokens of the edit in flight, its id and when it was sent. */
  private List<Token> inFlight = List.of();
  private String inFlightId;
  private long inFlightSentNanos;
  private final List<String> acknowledged = new ArrayList<>();

  public CollabEditor(int index, String session, long seed) {
    this.index = index;
    this.session = session;
    this.random = new Random(seed * 1_000_003L + index);
  }

  public int index() {
    return index;
  }

  /** The {@code joined} snapshot. */
  public void joined(String text, long revision) {
    ot = new OtClient(text, revision, 0); // a load generator never undoes: no undo steps to transform
  }

  public boolean ready() {
    return ot != null;
  }

  /** Types the next token; returns the {@code edit} envelope to send now, or null (an edit is in flight). */
  public JsonObject type(long nowNanos) {
    String token = "<" + index + "." + made++ + ">";
    List<Integer> boundaries = boundaries(ot.text());
    int at = boundaries.get(random.nextInt(boundaries.size()));
    typed.add(new Token(token, nowNanos));
    return ot.applyClient(TextOperation.insert(ot.text().length(), at, token))
        .map(out -> send(out, nowNanos)).orElse(null);
  }

  /** The {@code edit_ack} of the edit in flight; throws IllegalStateException on an ack that does not fit. */
  public Ack ack(String id, long revision, long nowNanos) {
    if (inFlightId == null || !inFlightId.equals(id)) {
      throw new IllegalStateException("edit_ack for " + id + " while " + inFlightId + " is in flight");
    }
    List<Token> done = inFlight;
    long sentAt = inFlightSentNanos;
    done.forEach(t -> acknowledged.add(t.text()));
    inFlightId = null;
    inFlight = List.of();
    JsonObject next = ot.serverAck().map(out -> send(out, nowNanos)).orElse(null);
    if (revision != ot.revision()) { // serverAck moved the client to the revision its edit produced
      throw new IllegalStateException("edit_ack revision " + revision + ", but the client is at " + ot.revision());
    }
    return new Ack(done, sentAt, next);
  }

  /** A {@code remote_edit}; throws IllegalStateException on a revision that is not the next one. */
  public void remote(JsonArray op, long revision) {
    if (revision != ot.revision() + 1) {
      throw new IllegalStateException("remote_edit revision " + revision + " after " + ot.revision());
    }
    ot.applyServer(TextOperation.fromJson(op));
  }

  private JsonObject send(OtClient.Outgoing out, long nowNanos) {
    inFlightId = "e" + index + "-" + sent++;
    inFlight = typed;
    typed = new ArrayList<>();
    inFlightSentNanos = nowNanos;
    return new JsonObject().put("type", "edit").put("id", inFlightId).put("session", session)
        .put("revision", out.baseRevision()).put("op", out.operation().toJson());
  }

  public boolean synchronized_() {
    return ot != null && ot.state() == OtClient.State.SYNCHRONIZED;
  }

  public String text() {
    return ot.text();
  }

  public long revision() {
    return ot.revision();
  }

  /** Tokens the server acknowledged, in the order of their acks. */
  public List<String> acknowledged() {
    return acknowledged;
  }

  /** Positions where a token may go: the start, and after every token (the text holds whole tokens only). */
  static List<Integer> boundaries(String text) {
    List<Integer> at = new ArrayList<>();
    at.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '>') {
        at.add(i + 1);
      }
    }
    return at;
  }

  /**
   * The convergence check on the final text: it is made of tokens only, every acknowledged token appears
   * exactly once, and nothing else does. Returns the problems (at most a few of each kind), empty when all is well.
   */
  public static List<String> checkTokens(String text, List<String> acknowledged) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    Matcher m = TOKEN.matcher(text);
    int pos = 0;
    while (m.find()) {
      if (m.start() != pos && problems.size() < 5) {
        problems.add("text that is no token at " + pos + ": '" + text.substring(pos, Math.min(m.start(), pos + 40)) + "'");
      }
      counts.merge(m.group(), 1, Integer::sum);
      pos = m.end();
    }
    if (pos != text.length()) {
      problems.add("text that is no token at " + pos + ": '" + text.substring(pos, Math.min(text.length(), pos + 40)) + "'");
    }
    int shown = 0;
    for (String t : acknowledged) {
      int n = counts.getOrDefault(t, 0);
      if (n != 1 && shown++ < 5) {
        problems.add("acknowledged token " + t + " appears " + n + " times");
      }
    }
    java.util.Set<String> acked = new java.util.HashSet<>(acknowledged);
    shown = 0;
    for (String t : counts.keySet()) {
      if (!acked.contains(t) && shown++ < 5) {
        problems.add("token " + t + " in the text was never acknowledged");
      }
    }
    return problems;
  }
}
