package io.switchboard.support;

import io.switchboard.ot.OtClient;
import io.switchboard.ot.TextOperation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A collaborative-editing client over a real WebSocket, running the reference client algorithm ({@link OtClient},
 * docs/collaboration.md): local edits are applied at once and sent one at a time; remote edits are transformed
 * against what is pending. Records which of its edits the server acknowledged.
 */
public final class CollabClient {

  public final String name;
  private final WsClient ws;
  private final String session;
  private OtClient ot;
  private int counter;
  private final Set<String> acknowledgedTokens = new LinkedHashSet<>();
  /** Tokens of the edit awaiting its ack, and of the local edits composed into the buffer meanwhile. */
  private List<String> outstandingTokens = new ArrayList<>();
  private List<String> bufferTokens = new ArrayList<>();
  private final List<JsonObject> errors = new ArrayList<>();

  private CollabClient(String name, WsClient ws, String session) {
    this.name = name;
    this.ws = ws;
    this.session = session;
  }

  /** Joins {@code session}; the client is live when the future completes. */
  public static Future<CollabClient> join(String name, WsClient ws, String session) {
    return join(name, ws, session, Set.of());
  }

  /**
   * Joins again after losing the connection (e.g. its node died): starts from the server's text and revision.
   * Edits that were sent but never acknowledged are dropped: the server may or may not have applied them.
   */
  public static Future<CollabClient> rejoin(CollabClient before, WsClient ws) {
    return join(before.name, ws, before.session, before.acknowledgedTokens);
  }

  private static Future<CollabClient> join(String name, WsClient ws, String session, Set<String> acknowledged) {
    CollabClient c = new CollabClient(name, ws, session);
    c.acknowledgedTokens.addAll(acknowledged);
    Promise<CollabClient> joined = Promise.promise();
    ws.handler(m -> c.received(m, joined));
    return ws.send(new JsonObject().put("type", "join").put("id", "j-" + name).put("session", session))
      .compose(v -> joined.future());
  }

  private void received(JsonObject m, Promise<CollabClient> joined) {
    switch (m.getString("type")) {
      case "joined" -> {
        ot = new OtClient(m.getString("text"), m.getLong("revision"));
        joined.tryComplete(this);
      }
      case "edit_ack" -> {
        acknowledgedTokens.addAll(outstandingTokens);
        outstandingTokens = new ArrayList<>();
        ot.serverAck().ifPresent(out -> {
          outstandingTokens = bufferTokens;
          bufferTokens = new ArrayList<>();
          send(out.baseRevision(), out.operation());
        });
      }
      case "remote_edit" -> ot.applyServer(TextOperation.fromJson(m.getJsonArray("op")));
      case "error" -> {
        errors.add(m);
        joined.tryFail(m.encode());
      }
      default -> {
        // presence and participant notices: not needed here
      }
    }
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
    var out = ot.applyClient(op);
    if (out.isPresent()) {
      outstandingTokens.add(token); // sent at once: the client was synchronized
      send(out.get().baseRevision(), out.get().operation());
    } else {
      bufferTokens.add(token); // composed into the buffer, sent after the next ack
    }
  }

  private void send(long revision, TextOperation op) {
    ws.send(new JsonObject().put("type", "edit").put("id", name + "-" + (counter++)).put("session", session)
      .put("revision", revision).put("op", op.toJson()));
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

  public Set<String> acknowledgedTokens() {
    Set<String> out = new LinkedHashSet<>(acknowledgedTokens);
    out.remove("");
    return out;
  }

  public List<JsonObject> errors() {
    return errors;
  }

  public WsClient socket() {
    return ws;
  }
}
