package io.switchboard.load.scenario;

import io.switchboard.load.client.HttpCalls;
import io.switchboard.load.client.HttpCalls.Reply;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

import static io.switchboard.load.scenario.Steps.progress;
import static io.switchboard.load.scenario.Steps.sequential;

/**
 * REST session operations (docs/rest-api.md), each operation measured alone: C concurrent clients loop one operation
 * for {@code --rest-seconds} — create, then get, update (PATCH with {@code If-Match}) and delete (with
 * {@code If-Match}) of the sessions they created — and then listing: the sessions are brought to each count of
 * {@code --list-sessions} (say 100 and 100,000; created unmeasured) and the clients walk the listing page by page
 * ({@code limit} = {@code --page-size}, following {@code nextCursor}, starting over at the end). A page should cost the
 * same at every count. Closed loop (a client sends its next request when the previous answer is in): no fixed rate,
 * so no coordinated-omission correction. Every answer is checked (status, id, title, version, ETag): a wrong answer
 * is an error. Every session made is deleted before the scenario ends.
 * <p>
 * Targets: Switchboard (with the run's JWT) and {@code vertx-rest}, the same API's shape on raw Vert.x (the ceiling).
 */
public final class RestScenario implements Scenario {

  public static final String PEER = "vertx-rest";

  @Override
  public String name() {
    return "rest";
  }

  @Override
  public boolean supports(Target t) {
    return t.switchboard() || PEER.equals(t.name());
  }

  /**
   * The warm-up, four timed phases, the cleanup after them, per listing count a fill (bounded by a deadline) and a
   * timed phase, the last cleanup: each bounded on its own.
   */
  @Override
  public long boundSeconds(io.switchboard.load.Options o) {
    int counts = o.listSessions.size();
    return (WARM_UP_PHASES + 4L) * o.restSeconds + o.maxSeconds + counts * ((long) o.maxSeconds + o.restSeconds) + o.maxSeconds + 30L;
  }

  /** A session a client made, with the version it last saw. */
  private static final class Made {
    final String id;
    final String title;
    long version = 1;

    Made(String id, String title) {
      this.id = id;
      this.title = title;
    }
  }

  /** One operation's measure and its checks. */
  private record Op(String name, Stats stats, ScenarioResult result) {

    /** Times the call; a failed call, an unexpected status or a failed check counts as an error of this op. */
    Future<Reply> timed(Future<Reply> call, int expectedStatus, Function<Reply, String> check, long t0) {
      return call.transform(ar -> {
        String problem;
        if (ar.failed()) {
          problem = ar.cause().getMessage();
        } else {
          Reply r = ar.result();
          if (stats != null) {
            stats.bytes(r.bytes());
          }
          problem = r.status() != expectedStatus ? "expected status " + expectedStatus + ", got " + r.describe()
              : check.apply(r);
        }
        if (problem != null) {
          if (stats != null) {
            stats.error();
          }
          result.errorSample(name + ": " + problem);
          return Future.failedFuture(name + " failed");
        }
        if (stats != null) {
          stats.recordNanos(System.nanoTime() - t0);
        }
        return Future.succeededFuture(ar.result());
      });
    }
  }

  /** What the phases share: the client, the API's URL, the token, the clients' sessions. */
  private record Run(RunContext rc, Context ctx, HttpClient http, String api, String token, int clients,
                     List<List<Made>> made, ScenarioResult result) {

    int total() {
      return made.stream().mapToInt(List::size).sum();
    }
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    var o = rc.options();
    int clients = o.httpClients;
    boolean peer = PEER.equals(rc.target().name());
    ScenarioResult result = new ScenarioResult("rest", new JsonObject()
        .put("target", rc.target().name()).put("framing", "http/1.1 json")
        .put("clients", clients).put("secondsPerPhase", o.restSeconds).put("pageSize", o.pageSize)
        .put("listSessions", new JsonArray(new ArrayList<>(o.listSessions))));
    List<List<Made>> made = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      made.add(new ArrayList<>());
    }
    Run run = new Run(rc, rc.vertx().getOrCreateContext(), HttpCalls.client(rc.vertx(), clients),
        HttpCalls.base(rc.target().httpUrl()) + "/api/sessions", peer ? null : rc.token(), clients, made, result);
    progress("rest", clients + " clients, " + o.restSeconds + " s per operation, against " + run.api());
    Future<Void> chain = warmUp(run)
        .compose(v -> timedPhase(run, new Op("create", result.add(new Stats("create")), result), RestScenario::create))
        .compose(v -> timedPhase(run, new Op("get", result.add(new Stats("get")), result), RestScenario::get))
        .compose(v -> timedPhase(run, new Op("update", result.add(new Stats("update")), result), RestScenario::update))
        .compose(v -> deletePhase(run, new Op("delete", result.add(new Stats("delete")), result)))
        .compose(v -> deletePhase(run, new Op("delete", null, result)));
    for (int count : o.listSessions) {
      chain = chain.compose(v -> listAt(run, count));
    }
    return chain.eventually(() -> deletePhase(run, new Op("delete", null, result)))
        .map(v -> result)
        .eventually(() -> run.http().close());
  }

  /** The warm-up lasts this many phases ({@code --rest-seconds} each). */
  static final int WARM_UP_PHASES = 3;

  /**
   * Unrecorded: every operation in turn for {@link #WARM_UP_PHASES} phases' time, with whatever it made deleted after.
   * Why that long: a fresh JVM's first seconds measure its JIT, and not only the server's. With one phase (5 s in the
   * full profile) the load tool's own C2 compiler still took half a core during the first target's {@code get} phase
   * (per-thread CPU from /proc), and the first target is Switchboard: it ran 3,083 GETs/s there against 20,000 after
   * a 12 s warm-up, while {@code vertx-rest}, measured second, met a warm client.
   */
  private static Future<Void> warmUp(Run run) {
    long seconds = WARM_UP_PHASES * run.rc().options().restSeconds;
    long end = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), run.rc().deadline());
    progress("rest", "warming up for " + seconds + " s (not recorded)");
    Op create = new Op("warm-up create", null, run.result());
    Op list = new Op("warm-up list", null, run.result());
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < run.clients(); c++) {
      int client = c;
      loops.add(sequential(run.ctx(), Integer.MAX_VALUE, end, i -> create(run, client, create)
          .compose(r -> create.timed(HttpCalls.call(run.http(), HttpMethod.GET, run.api() + "/"
              + r.json().getString("id"), run.token(), null, null), 200, reply -> null, System.nanoTime()))
          .compose(r -> list.timed(HttpCalls.call(run.http(), HttpMethod.GET, run.api() + "?limit="
              + run.rc().options().pageSize, run.token(), null, null), 200, reply -> null, System.nanoTime()))
          .otherwiseEmpty()));
    }
    return Future.join(loops).compose(v -> deletePhase(run, new Op("warm-up delete", null, run.result())));
  }

  /** C loops of one operation until the phase's time is up (or the run's deadline). */
  private static Future<Void> timedPhase(Run run, Op op, BiFunction<Run, Integer, Future<?>> step) {
    long planned = System.nanoTime() + TimeUnit.SECONDS.toNanos(run.rc().options().restSeconds);
    long end = Math.min(planned, run.rc().deadline());
    if (op.name().equals("get") || op.name().equals("update")) {
      if (run.made().stream().anyMatch(List::isEmpty)) {
        op.result().errorSample(op.name() + ": skipped, some client created no session");
        return Future.succeededFuture();
      }
    }
    progress("rest", op.name() + " for " + run.rc().options().restSeconds + " s (" + run.total() + " sessions)");
    op.stats().start();
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < run.clients(); c++) {
      int client = c;
      loops.add(sequential(run.ctx(), Integer.MAX_VALUE, end, i -> step.apply(run, client).otherwiseEmpty()));
    }
    return Future.join(loops).map(v -> {
      op.stats().stop();
      if (end < planned) {
        run.result().truncated(true);
      }
      return null;
    });
  }

  /** Each client deletes its sessions, newest first; measured when {@code op} has stats, else cleanup. */
  private static Future<Void> deletePhase(Run run, Op op) {
    boolean measured = op.stats() != null;
    long planned = System.nanoTime() + TimeUnit.SECONDS.toNanos(run.rc().options().restSeconds);
    long end = measured ? Math.min(planned, run.rc().deadline()) : run.rc().deadline();
    if (measured) {
      progress("rest", "delete for at most " + run.rc().options().restSeconds + " s (" + run.total() + " sessions)");
      op.stats().start();
    } else if (run.total() > 0) {
      progress("rest", "deleting the " + run.total() + " sessions left");
    }
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < run.clients(); c++) {
      List<Made> mine = run.made().get(c);
      loops.add(sequential(run.ctx(), mine.size(), end, i -> {
        Made m = mine.remove(mine.size() - 1);
        long t0 = System.nanoTime();
        MultiMap h = MultiMap.caseInsensitiveMultiMap().add("If-Match", "\"" + m.version + "\"");
        return op.timed(HttpCalls.call(run.http(), HttpMethod.DELETE, run.api() + "/" + m.id, run.token(), h, null),
            204, r -> null, t0).otherwiseEmpty();
      }));
    }
    return Future.join(loops).map(v -> {
      if (measured) {
        op.stats().stop();
      }
      return null;
    });
  }

  /** Brings the sessions to {@code count} (unmeasured creates), then walks the listing for a phase. */
  private static Future<Void> listAt(Run run, int count) {
    Op fill = new Op("create", null, run.result());
    int missing = count - run.total();
    progress("rest", "creating " + Math.max(0, missing) + " sessions to list " + count);
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < run.clients(); c++) {
      int client = c;
      int share = Math.max(0, missing / run.clients() + (c < missing % run.clients() ? 1 : 0));
      loops.add(sequential(run.ctx(), share, run.rc().deadline(), i -> create(run, client, fill).otherwiseEmpty()));
    }
    String label = "list (" + count + " sessions)";
    return Future.join(loops).compose(v -> {
      if (run.total() < count) {
        run.result().errorSample(label + ": only " + run.total() + " sessions could be created before the deadline");
        run.result().truncated(true);
      }
      String[] cursors = new String[run.clients()];
      Op list = new Op(label, run.result().add(new Stats(label)), run.result());
      return timedPhase(run, list, (r, client) -> {
        String url = r.api() + "?limit=" + r.rc().options().pageSize
            + (cursors[client] == null ? "" : "&cursor=" + URLEncoder.encode(cursors[client], StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        return list.timed(HttpCalls.call(r.http(), HttpMethod.GET, url, r.token(), null, null), 200,
            reply -> page(reply, r.rc().options().pageSize), t0)
            .onSuccess(reply -> cursors[client] = reply.json().getString("nextCursor"));
      });
    });
  }

  private static Future<?> create(Run run, Integer client) {
    return create(run, client, null);
  }

  private static Future<Reply> create(Run run, int client, Op unmeasured) {
    Op op = unmeasured != null ? unmeasured
        : new Op("create", run.result().stats().stream().filter(s -> s.name().equals("create")).findFirst().orElseThrow(),
            run.result());
    List<Made> mine = run.made().get(client);
    String title = "load " + client + "-" + mine.size();
    Buffer body = Buffer.buffer(new JsonObject().put("title", title).put("ttlSeconds", 3600).encode());
    long t0 = System.nanoTime();
    return op.timed(HttpCalls.call(run.http(), HttpMethod.POST, run.api(), run.token(), null, body), 201, r -> {
      JsonObject s = r.json();
      if (s == null || s.getString("id", "").isEmpty()) {
        return "no session id in " + r.describe();
      }
      if (!title.equals(s.getString("title")) || s.getLong("version", -1L) != 1 || !"\"1\"".equals(r.headers().get("ETag"))) {
        return "unexpected session (title, version 1, ETag \"1\"): " + r.describe();
      }
      return null;
    }, t0).onSuccess(r -> mine.add(new Made(r.json().getString("id"), title)));
  }

  /** GET of the client's sessions in turn. */
  private static Future<?> get(Run run, Integer client) {
    Op op = measured(run, "get");
    List<Made> mine = run.made().get(client);
    Made m = mine.get(Math.floorMod(Long.hashCode(op.stats().count() * 31 + client), mine.size()));
    long t0 = System.nanoTime();
    long version = m.version;
    String title = version == 1 ? m.title : m.title + " (" + version + ")";
    return op.timed(HttpCalls.call(run.http(), HttpMethod.GET, run.api() + "/" + m.id, run.token(), null, null), 200,
        r -> sameSession(r, m.id, title, version), t0);
  }

  /** PATCH of the title of the client's sessions in turn, with If-Match: its version goes up by one. */
  private static Future<?> update(Run run, Integer client) {
    Op op = measured(run, "update");
    List<Made> mine = run.made().get(client);
    Made m = mine.get(Math.floorMod(Long.hashCode(op.stats().count() * 31 + client), mine.size()));
    long next = m.version + 1;
    String newTitle = m.title + " (" + next + ")";
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("If-Match", "\"" + m.version + "\"")
        .add("Content-Type", "application/merge-patch+json");
    Buffer patch = Buffer.buffer(new JsonObject().put("title", newTitle).encode());
    long t0 = System.nanoTime();
    return op.timed(HttpCalls.call(run.http(), HttpMethod.PATCH, run.api() + "/" + m.id, run.token(), h, patch), 200,
        r -> sameSession(r, m.id, newTitle, next), t0).onSuccess(r -> m.version = next);
  }

  private static Op measured(Run run, String name) {
    return new Op(name, run.result().stats().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(),
        run.result());
  }

  private static String sameSession(Reply r, String id, String title, long version) {
    JsonObject s = r.json();
    if (s == null || !id.equals(s.getString("id")) || !title.equals(s.getString("title"))
        || s.getLong("version", -1L) != version || !("\"" + version + "\"").equals(r.headers().get("ETag"))) {
      return "expected session " + id + " '" + title + "' at version " + version + ", got " + r.describe();
    }
    return null;
  }

  private static String page(Reply r, int pageSize) {
    JsonObject p = r.json();
    JsonArray items = p == null || !(p.getValue("items") instanceof JsonArray a) ? null : a;
    if (items == null || items.size() > pageSize) {
      return "expected a page of at most " + pageSize + " items, got " + r.describe();
    }
    if (items.size() < pageSize && p.getString("nextCursor") != null) {
      return "a short page with a next cursor: " + r.describe();
    }
    for (Object item : items) {
      if (!(item instanceof JsonObject s) || s.getString("id", "").isEmpty()) {
        return "page item without an id: " + r.describe();
      }
    }
    return null;
  }
}
