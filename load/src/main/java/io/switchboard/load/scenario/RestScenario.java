package io.switchboard.load.scenario;

import io.switchboard.load.client.HttpCalls;
import io.switchboard.load.client.HttpCalls.Reply;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.switchboard.load.target.Target;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.switchboard.load.scenario.Steps.progress;
import static io.switchboard.load.scenario.Steps.sequential;

/**
 * REST session operations (docs/rest-api.md): C concurrent clients, each looping create → get → update (PATCH with
 * {@code If-Match}) → list one page → delete (with {@code If-Match}) until the time is up. Closed loop: a client
 * sends its next request when the previous answer is in, so there is no fixed rate and no coordinated-omission
 * correction. Every answer is checked (status, id, title, version, ETag): a wrong answer is an error.
 */
public final class RestScenario implements Scenario {

  @Override
  public String name() {
    return "rest";
  }

  /** Sessions exist on Switchboard only. */
  @Override
  public boolean supports(Target t) {
    return t.switchboard();
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
          stats.bytes(r.bytes());
          problem = r.status() != expectedStatus ? "expected status " + expectedStatus + ", got " + r.describe()
              : check.apply(r);
        }
        if (problem != null) {
          stats.error();
          result.errorSample(name + ": " + problem);
          return Future.failedFuture(name + " failed");
        }
        stats.recordNanos(System.nanoTime() - t0);
        return Future.succeededFuture(ar.result());
      });
    }
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    int clients = o.httpClients;
    ScenarioResult result = new ScenarioResult("rest", new JsonObject()
        .put("target", rc.target().name()).put("framing", "http/1.1 json")
        .put("clients", clients).put("seconds", o.httpSeconds).put("pageSize", o.pageSize));
    Op create = new Op("create", result.add(new Stats("create")), result);
    Op get = new Op("get", result.add(new Stats("get")), result);
    Op update = new Op("update", result.add(new Stats("update")), result);
    Op list = new Op("list", result.add(new Stats("list")), result);
    Op delete = new Op("delete", result.add(new Stats("delete")), result);
    List<Op> ops = List.of(create, get, update, list, delete);
    HttpClient http = HttpCalls.client(vertx, clients);
    Context ctx = vertx.getOrCreateContext();
    String api = HttpCalls.base(rc.target().httpUrl()) + "/api/sessions";
    long planned = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.httpSeconds);
    long end = Math.min(planned, rc.deadline());
    ops.forEach(op -> op.stats().start());
    progress("rest", clients + " clients for " + o.httpSeconds + " s against " + api);
    long ticker = vertx.setPeriodic(2000, id -> progress("rest", create.stats().count() + " cycles started, "
        + delete.stats().count() + " completed, " + result.errors() + " errors"));
    List<Future<Integer>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      loops.add(sequential(ctx, Integer.MAX_VALUE, end,
          i -> cycle(http, rc.token(), api, "load " + client + "-" + i, o.pageSize, create, get, update, list, delete)));
    }
    return Future.join(loops).map(v -> {
      ops.forEach(op -> op.stats().stop());
      result.truncated(end < planned);
      return result;
    }).eventually(() -> {
      vertx.cancelTimer(ticker);
      return http.close();
    });
  }

  /** One create → get → update → list → delete cycle; completes (never fails) when it is over. */
  private static Future<Void> cycle(HttpClient http, String token, String api, String title, int pageSize,
                                    Op create, Op get, Op update, Op list, Op delete) {
    String newTitle = title + " (2)";
    Buffer body = Buffer.buffer(new JsonObject().put("title", title).put("ttlSeconds", 600).encode());
    long t0 = System.nanoTime();
    return create.timed(HttpCalls.call(http, HttpMethod.POST, api, token, null, body), 201, r -> {
      JsonObject s = r.json();
      if (s == null || s.getString("id", "").isEmpty()) {
        return "no session id in " + r.describe();
      }
      if (!title.equals(s.getString("title")) || s.getLong("version", -1L) != 1 || !"\"1\"".equals(r.headers().get("ETag"))) {
        return "unexpected session (title, version 1, ETag \"1\"): " + r.describe();
      }
      return null;
    }, t0).compose(created -> {
      String id = created.json().getString("id");
      String url = api + "/" + id;
      long t1 = System.nanoTime();
      return get.timed(HttpCalls.call(http, HttpMethod.GET, url, token, null, null), 200,
          r -> sameSession(r, id, title, 1), t1).otherwiseEmpty().compose(v -> {
        long t2 = System.nanoTime();
        MultiMap h = MultiMap.caseInsensitiveMultiMap().add("If-Match", "\"1\"")
            .add("Content-Type", "application/merge-patch+json");
        Buffer patch = Buffer.buffer(new JsonObject().put("title", newTitle).encode());
        return update.timed(HttpCalls.call(http, HttpMethod.PATCH, url, token, h, patch), 200,
            r -> sameSession(r, id, newTitle, 2), t2).map(true).otherwise(false);
      }).compose(updated -> {
        long t3 = System.nanoTime();
        return list.timed(HttpCalls.call(http, HttpMethod.GET, api + "?limit=" + pageSize, token, null, null), 200,
            r -> page(r, pageSize), t3).otherwiseEmpty().map(updated);
      }).compose(updated -> {
        long t4 = System.nanoTime();
        // without the update the version is unknown: delete unconditionally so no session is left behind
        MultiMap h = updated ? MultiMap.caseInsensitiveMultiMap().add("If-Match", "\"2\"") : null;
        return delete.timed(HttpCalls.call(http, HttpMethod.DELETE, url, token, h, null), 204, r -> null, t4);
      });
    }).<Void>mapEmpty().otherwiseEmpty();
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
    for (Object item : items) {
      if (!(item instanceof JsonObject s) || s.getString("id", "").isEmpty()) {
        return "page item without an id: " + r.describe();
      }
    }
    return null;
  }
}
