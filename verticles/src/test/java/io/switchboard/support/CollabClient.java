package io.switchboard.support;

import io.switchboard.ot.OtClient;
import io.switchboard.ot.TextOperation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A collaborative-editing client over a real WebSocket, running the reference client algorithm ({@link OtClient},
 * docs/collaboration.md): local edits are applied at once and sent one at a time; remote edits are transformed
 * against what is pending. It keeps typing while its connection is down, and after a reconnect resumes where it
 * left off (docs/collaboration.md, "Reconnect"). Records every token it typed, which the server acknowledged,
 * and which it had to drop (only when a resume was refused).
 */
public final class CollabClient {

  public final String name;
  private final String session;
  private WsClient ws;
  private OtClient ot;
  private String epoch;
  private int joins;
  private Promise<CollabClient> joining;
  private final Set<String> typedTokens = new LinkedHashSet<>();
  private final Set<String> acknowledgedTokens = new LinkedHashSet<>();
  private final Set<String> droppedTokens = new LinkedHashSet<>();
  /** Tokens of the edit awaiting its ack, and of the local edits composed into the buffer meanwhile. */
  private List<String> outstandingTokens = new ArrayList<>();
  private List<String> bufferTokens = new ArrayList<>();
  private final List<JsonObject> errors = new ArrayList<>();
  private int resends;
  private int acksFromReplay;

  private CollabClient(String name, String session) {
    this.name = name;
    this.session = session;
  }

  /** Joins {@code session} as user {@code name} (the token's subject); the client is live when the future completes. */
  public static Future<CollabClient> join(String name, WsClient ws, String session) {
    return new CollabClient(name, session).attach(ws, false);
  }

  /** Joins again after losing the connection (e.g. its node died): {@link #resume}. */
  public static Future<CollabClient> rejoin(CollabClient before, WsClient ws) {
    return before.resume(ws);
  }

  /**
   * Continues on a new connection (any node): joins with {@code resume} at the last revision held, sends the
   * unacknowledged edit again, and takes the replayed edits in. Should the server refuse to resume ({@code resync}:
   * history no longer kept), joins afresh and drops what was pending, as {@link OtClient#resync} does.
   */
  public Future<CollabClient> resume(WsClient socket) {
    return attach(socket, true).recover(err -> err.getMessage().contains("\"resync\"")
      ? attach(socket, false) : Future.failedFuture(err));
  }

  private Future<CollabClient> attach(WsClient socket, boolean resume) {
    ws = socket;
    joining = Promise.promise();
    Promise<CollabClient> joined = joining;
    socket.handler(m -> {
      if (socket == ws) { // a late frame of an earlier connection is not this one's
        received(m);
      }
    });
    JsonObject join = new JsonObject().put("type", "join").put("id", "j-" + name + "-" + (joins++)).put("session", session);
    if (resume) {
      join.put("resume", new JsonObject().put("epoch", epoch).put("revision", ot.revision()));
    }
    socket.send(join);
    return joined.future();
  }

  private void received(JsonObject m) {
    switch (m.getString("type")) {
      case "joined" -> {
        epoch = m.getString("epoch");
        if (m.getBoolean("resumed", false)) {
          ot.resend().ifPresent(out -> {
            resends++;
            send(out);
          });
        } else if (ot == null) {
          ot = new OtClient(m.getString("text"), m.getLong("revision"));
        } else {
          ot.resync(m.getString("text"), m.getLong("revision"));
          droppedTokens.addAll(outstandingTokens);
          droppedTokens.addAll(bufferTokens);
          outstandingTokens = new ArrayList<>();
          bufferTokens = new ArrayList<>();
        }
        joining.tryComplete(this);
      }
      case "edit_ack" -> {
        if (ot.awaits(m.getString("id"))) {
          acknowledged(ot.serverAck(m.getString("id")));
        }
      }
      case "remote_edit" -> {
        boolean mine = name.equals(m.getString("author"));
        boolean ack = mine && ot.awaits(m.getString("clientEditId"));
        Optional<OtClient.Outgoing> next = ot.applyServer(mine, m.getString("clientEditId"),
          TextOperation.fromJson(m.getJsonArray("op")));
        if (ack) {
          acksFromReplay++;
          acknowledged(next);
        }
      }
      case "error" -> {
        errors.add(m);
        if (m.getString("ref", "").startsWith("j-")) {
          joining.tryFail(m.encode());
        }
      }
      default -> {
        // presence and participant notices: not needed here
      }
    }
  }

  private void acknowledged(Optional<OtClient.Outgoing> next) {
    acknowledgedTokens.addAll(outstandingTokens);
    outstandingTokens = new ArrayList<>();
    next.ifPresent(out -> {
      outstandingTokens = bufferTokens;
      bufferTokens = new ArrayList<>();
      send(out);
    });
  }

  /** Inserts {@code text} at {@code position} (code points); {@code token}, a part of it, marks this edit. */
  public void insert(int position, String text, String token) {
    local(TextOperation.insert(ot.text().codePointCount(0, ot.text().length()), position, text), token);
  }

  /** Deletes one code point at {@code position}. Deletions carry no token: they are acknowledged too. */
  public void deleteOne(int position) {
    local(TextOperation.delete(ot.text().codePointCount(0, ot.text().length()), position, 1), "");
  }

  private void local(TextOperation op, String token) {
    typedTokens.add(token);
    var out = ot.applyClient(op);
    if (out.isPresent()) {
      outstandingTokens.add(token); // sent at once: the client was synchronized
      send(out.get());
    } else {
      bufferTokens.add(token); // composed into the buffer, sent after the next ack
    }
  }

  /** Sent on the current connection; on a dead one it goes nowhere, and the resume sends it again. */
  private void send(OtClient.Outgoing out) {
    JsonObject edit = new JsonObject().put("type", "edit").put("id", out.editId()).put("session", session)
      .put("revision", out.baseRevision()).put("op", out.operation().toJson());
    ws.send(out.resent() ? edit.put("resent", true) : edit);
  }

  public String text() {
    return ot.text();
  }

  public long revision() {
    return ot.revision();
  }

  public boolean synced() {
    return ot.state() == OtClient.State.SYNCHRONIZED;
  }

  public Set<String> typedTokens() {
    return without(typedTokens);
  }

  public Set<String> acknowledgedTokens() {
    return without(acknowledgedTokens);
  }

  /** Tokens typed but dropped because the server would not resume (history gone); empty after every resume. */
  public Set<String> droppedTokens() {
    return without(droppedTokens);
  }

  /** Edits sent again after a resume, and acknowledgements taken from a replayed copy of the client's own edit. */
  public int resends() {
    return resends;
  }

  public int acksFromReplay() {
    return acksFromReplay;
  }

  public List<JsonObject> errors() {
    return errors;
  }

  public WsClient socket() {
    return ws;
  }

  private static Set<String> without(Set<String> tokens) {
    Set<String> out = new LinkedHashSet<>(tokens);
    out.remove("");
    return out;
  }

  /** Positions outside every [token]: inserting there never splits one. */
  public static List<Integer> boundaries(String text) {
    List<Integer> out = new ArrayList<>();
    int depth = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (depth == 0) {
        out.add(i);
      }
      if (i < text.length()) {
        depth += text.charAt(i) == '[' ? 1 : text.charAt(i) == ']' ? -1 : 0;
      }
    }
    return out;
  }

  /** Waits (at most {@code tries} × 100 ms) until every client is synchronized at the server's revision. */
  public static Future<JsonObject> awaitQuiet(Vertx vertx, List<CollabClient> editors, int httpPort, Tokens tokens,
                                              String session, int tries) {
    Rest rest = new Rest(vertx, httpPort);
    return rest.get("/api/sessions/" + session + "/document", tokens.token("reader", "viewer")).compose(r -> {
      JsonObject doc = r.bodyAsJsonObject();
      boolean quiet = editors.stream().allMatch(c -> c.synced() && c.revision() == doc.getLong("revision"));
      if (quiet || tries <= 0) {
        return Future.succeededFuture(doc);
      }
      return Future.<Void>future(p -> vertx.setTimer(100, t -> p.complete()))
        .compose(v -> awaitQuiet(vertx, editors, httpPort, tokens, session, tries - 1));
    });
  }

  public static int occurrences(String text, String token) {
    int count = 0;
    for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
      count++;
    }
    return count;
  }
}
