package io.switchboard.load.scenario;

import io.switchboard.load.client.CollabEditor;
import io.switchboard.load.client.Conn;
import io.switchboard.load.client.HttpCalls;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.DRAIN_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.STEP_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.progress;

/**
 * Collaborative editing at a fixed rate, Switchboard only, from the load tool's own Java client ({@code collab-rate};
 * {@link CollabCompareScenario} compares with ShareDB and Hocuspocus) (docs/collaboration.md, docs/protocol/websocket.md
 * section 9): a session is created over REST,
 * K editors join its document over WebSocket and each types a short unique token at a random place at a fixed rate
 * ({@code --edit-rate} per editor) for {@code --collab-seconds}, running the ot.js client algorithm
 * ({@link CollabEditor}). Then the editors wait until they are all synchronized and the document is checked: every
 * editor's text and revision equal the server's ({@code GET /api/sessions/{id}/document}) and every acknowledged token
 * appears exactly once. The session is deleted at the end. All editors share the client's one event loop, so their
 * latencies use one clock.
 *
 * <p>Measures: {@code type->ack} per token, from the local edit to the {@code edit_ack} of the wire edit that carried
 * it (includes waiting in the client's buffer while another edit is in flight; coordinated-omission corrected, the
 * rate being fixed); {@code edit->edit_ack} per wire edit (closed loop: one in flight per editor); {@code
 * edit->remote_edit} from an edit's send to its arrival at each other editor; {@code convergence}: one sample, the time
 * from the end of typing until all editors are synchronized, with the check's errors.
 */
public final class CollabScenario implements Scenario {

  @Override
  public String name() {
    return "collab-rate";
  }

  /** Sessions and documents exist on Switchboard only. */
  @Override
  public boolean supports(Target t) {
    return t.switchboard();
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    int k = o.collabClients;
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / o.editRate;
    JsonObject settings = new JsonObject().put("target", rc.target().name()).put("framing", rc.target().framing().name())
        .put("editors", k).put("seconds", o.collabSeconds).put("editRatePerSecondPerEditor", o.editRate)
        .put("seed", o.collabSeed);
    ScenarioResult result = new ScenarioResult("collab-rate", settings);
    Stats typed = result.add(new Stats("type->ack"));
    Stats edits = result.add(new Stats("edit->edit_ack"));
    Stats remote = result.add(new Stats("edit->remote_edit"));
    Stats converge = result.add(new Stats("convergence"));
    HttpClient http = HttpCalls.client(vertx, 1);
    WebSocketClient ws = Conn.client(vertx, k);
    String api = HttpCalls.base(rc.target().httpUrl()) + "/api/sessions";
    List<Conn> conns = new ArrayList<>();
    String[] sessionId = {null};
    Buffer create = Buffer.buffer(new JsonObject().put("title", "load collab").put("ttlSeconds", 600).encode());

    Future<ScenarioResult> run = HttpCalls.call(http, HttpMethod.POST, api, rc.token(), null, create).compose(r -> {
      String id = r.status() == 201 && r.json() != null ? r.json().getString("id") : null;
      if (id == null) {
        return Future.failedFuture("create session: " + r.describe());
      }
      sessionId[0] = id;
      settings.put("session", id);
      Editing editing = new Editing(vertx, rc, id, k, periodNanos, typed, edits, remote, result, settings);
      return editing.join(ws, conns)
          .compose(v -> editing.type(Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(o.collabSeconds), rc.deadline())))
          .compose(v -> editing.settle(converge))
          .compose(v -> HttpCalls.call(http, HttpMethod.GET, api + "/" + id + "/document", rc.token(), null, null))
          .map(doc -> {
            editing.check(doc, converge);
            result.truncated(editing.truncated);
            return result;
          });
    }).recover(err -> {
      converge.error();
      result.errorSample("collab: " + err.getMessage());
      return Future.succeededFuture(result);
    });
    return run.eventually(() -> {
      List<Future<?>> closing = new ArrayList<>();
      conns.forEach(c -> closing.add(c.close().otherwiseEmpty()));
      if (sessionId[0] != null) {
        closing.add(HttpCalls.call(http, HttpMethod.DELETE, api + "/" + sessionId[0], rc.token(), null, null)
            .onSuccess(r -> {
              if (r.status() != 204) {
                converge.error();
                result.errorSample("delete session: " + r.describe());
              }
            }));
      }
      return Future.join(closing).eventually(() -> Future.join(http.close(), ws.close()));
    });
  }

  /** The editors of one run and their measures; everything runs on the client's context. */
  private static final class Editing {
    final Vertx vertx;
    final RunContext rc;
    final String session;
    final int k;
    final long periodNanos;
    final Stats typed, edits, remote;
    final ScenarioResult result;
    final JsonObject settings;
    final List<CollabEditor> editors = new ArrayList<>();
    final Map<CollabEditor, Conn> connOf = new HashMap<>();
    /** Send time of each wire edit and how many other editors have yet to receive it. */
    final Map<String, long[]> pendingRemote = new HashMap<>();
    final List<CollabEditor> broken = new ArrayList<>();
    long acks;
    long stoppedAt;
    boolean truncated;

    Editing(Vertx vertx, RunContext rc, String session, int k, long periodNanos, Stats typed, Stats edits,
            Stats remote, ScenarioResult result, JsonObject settings) {
      this.vertx = vertx;
      this.rc = rc;
      this.session = session;
      this.k = k;
      this.periodNanos = periodNanos;
      this.typed = typed;
      this.edits = edits;
      this.remote = remote;
      this.result = result;
      this.settings = settings;
    }

    /** Opens the K connections and joins the document on each; fails if any cannot join. */
    Future<Void> join(WebSocketClient ws, List<Conn> conns) {
      List<Future<Void>> joined = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        CollabEditor e = new CollabEditor(i, session, rc.options().collabSeed);
        Promise<Void> p = Promise.promise();
        joined.add(p.future());
        rc.open(ws).onFailure(p::tryFail).onSuccess(conn -> {
          conns.add(conn);
          connOf.put(e, conn);
          conn.handler(m -> receive(e, m, p));
          conn.closeHandler(() -> fail(e, "connection closed by the node"));
          conn.send(new JsonObject().put("type", "join").put("id", "j" + e.index()).put("session", session));
        });
        editors.add(e);
      }
      return Future.all(joined).timeout(STEP_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS)
          .onSuccess(v -> progress("collab-rate", k + " editors joined session " + session)).mapEmpty();
    }

    private void receive(CollabEditor e, JsonObject m, Promise<Void> joined) {
      long now = System.nanoTime();
      if (broken.contains(e)) {
        return;
      }
      try {
        switch (m.getString("type", "")) {
          case "joined" -> {
            e.joined(m.getString("text", ""), m.getLong("revision", 0L));
            joined.tryComplete();
          }
          case "edit_ack" -> {
            CollabEditor.Ack ack = e.ack(m.getString("id"), m.getLong("revision", -1L), now);
            acks++;
            edits.recordNanos(now - ack.sentNanos());
            ack.tokens().forEach(t -> typed.recordNanos(now - t.madeNanos(), periodNanos));
            if (ack.next() != null) {
              send(e, ack.next(), now);
            }
          }
          case "remote_edit" -> {
            e.remote(m.getJsonArray("op"), m.getLong("revision", -1L));
            long[] sent = pendingRemote.get(m.getString("clientEditId", ""));
            if (sent != null) {
              remote.recordNanos(now - sent[0]);
              if (--sent[1] == 0) {
                pendingRemote.remove(m.getString("clientEditId"));
              }
            }
          }
          case "error" -> {
            joined.tryFail("editor " + e.index() + ": " + m.getString("code") + ": " + m.getString("message"));
            fail(e, "error " + m.getString("code") + ": " + m.getString("message"));
          }
          default -> {
            // participant_joined/left, presence: not measured
          }
        }
      } catch (RuntimeException ex) {
        fail(e, ex.getMessage());
      }
    }

    private void send(CollabEditor e, JsonObject edit, long now) {
      pendingRemote.put(edit.getString("id"), new long[] {now, k - 1});
      connOf.get(e).send(edit).onFailure(err -> fail(e, "send: " + err.getMessage()));
    }

    /** An editor that went wrong stops editing and is left out of the wait; the error is counted once. */
    private void fail(CollabEditor e, String why) {
      if (!broken.contains(e)) {
        broken.add(e);
        edits.error();
        result.errorSample("editor " + e.index() + ": " + why);
      }
    }

    /** Each editor types a token every period (editors spread over the period) until {@code end}. */
    Future<Void> type(long end) {
      Promise<Void> done = Promise.promise();
      long start = System.nanoTime();
      long[] made = new long[k];
      typed.start();
      edits.start();
      remote.start();
      progress("collab-rate", k + " editors typing " + rc.options().editRate + " tokens/s each for "
          + rc.options().collabSeconds + " s");
      long ticker = vertx.setPeriodic(2000, id -> progress("collab-rate", acks + " edits acknowledged, "
          + typed.count() + " tokens, " + result.errors() + " errors"));
      vertx.setPeriodic(1, 1, id -> {
        long now = System.nanoTime();
        for (CollabEditor e : editors) {
          int i = e.index();
          // catch up on what is due, but a stalled loop types at most a few at once (they are then buffered)
          while (!broken.contains(e) && now - (start + i * periodNanos / k + made[i] * periodNanos) >= 0) {
            made[i]++;
            JsonObject edit = e.type(now);
            if (edit != null) {
              send(e, edit, now);
            }
          }
        }
        if (now - end >= 0) {
          vertx.cancelTimer(id);
          vertx.cancelTimer(ticker);
          stoppedAt = now;
          truncated = end - rc.deadline() >= 0;
          done.complete();
        }
      });
      return done.future();
    }

    /**
     * Waits (bounded) until every working editor is synchronized at the same revision: the server's last one.
     * {@code convergence} gets one sample and no time window, so it shows no rate.
     */
    Future<Void> settle(Stats converge) {
      Promise<Void> done = Promise.promise();
      long limit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
      vertx.setPeriodic(1, 5, id -> {
        long now = System.nanoTime();
        boolean settled = editors.stream().filter(e -> !broken.contains(e))
            .allMatch(e -> e.synchronized_() && e.revision() == acks);
        if (settled || now - limit >= 0) {
          vertx.cancelTimer(id);
          typed.stop();
          edits.stop();
          remote.stop();
          if (settled) {
            converge.recordNanos(now - stoppedAt);
          } else {
            converge.error();
            result.errorSample("editors not synchronized at revision " + acks + " after " + DRAIN_TIMEOUT_MS + " ms");
          }
          progress("collab-rate", acks + " edits acknowledged, " + typed.count() + " tokens; settled: " + settled);
          done.complete();
        }
      });
      return done.future();
    }

    /** Every editor's text and revision equal the server's document; every acknowledged token is there once. */
    void check(HttpCalls.Reply doc, Stats converge) {
      JsonObject d = doc.json();
      if (doc.status() != 200 || d == null || d.getString("text") == null) {
        converge.error();
        result.errorSample("read document: " + doc.describe());
        return;
      }
      String text = d.getString("text");
      long revision = d.getLong("revision", -1L);
      settings.put("documentCodePoints", text.codePointCount(0, text.length())).put("documentRevision", revision);
      for (CollabEditor e : editors) {
        if (broken.contains(e)) {
          continue;
        }
        if (!e.text().equals(text) || e.revision() != revision) {
          converge.error();
          result.errorSample("editor " + e.index() + " at revision " + e.revision() + " has '" + head(e.text())
              + "', the server at " + revision + " has '" + head(text) + "'");
        }
      }
      List<String> acknowledged = new ArrayList<>();
      editors.forEach(e -> acknowledged.addAll(e.acknowledged()));
      List<String> problems = CollabEditor.checkTokens(text, acknowledged);
      if (!problems.isEmpty()) {
        converge.errors(problems.size());
        problems.forEach(p -> result.errorSample("document: " + p));
      }
    }

    private static String head(String s) {
      return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
  }
}
