package io.switchboard.load.scenario;

import io.switchboard.load.client.ClientPool;
import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.DRAIN_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.progress;

/**
 * A sustained mixed workload driven by a {@link LoadPattern}: {@code --mixed-publishers} connections issue operations
 * at the pattern's rate (nominal {@code --mixed-rate} per second) in fixed proportions, 8 in 10 publishes (to one of
 * {@value #TOPICS} topics, each delivered to every one of {@code --mixed-subscribers} subscriber connections), 1 in 10
 * pings, 1 in 10 subscription churn (subscribe to a fresh spare topic; on Switchboard also unsubscribe once subscribed; the
 * relay subset of the peers has no unsubscribe). Each pattern runs {@code --duration} seconds, one after the other
 * ({@code --pattern all}, the default, runs the four). Latencies are recorded with the interval the schedule gave that
 * kind of operation at the time (coordinated-omission correction); each measure has its per-second timeline.
 */
public final class MixedScenario implements Scenario {

  static final int TOPICS = 4;
  static final double PUBLISH_SHARE = 0.8;
  static final double OTHER_SHARE = 0.1;
  /** Pings carry a plausible epoch-millisecond value, unique per operation, which the pong echoes. */
  static final long PING_TS_BASE = 1_700_000_000_000L;

  @Override
  public String name() {
    return "mixed";
  }

  /** The kind of the k-th operation: 0..7 of every 10 publish, 8 ping, 9 subscription churn. */
  static char kind(long k) {
    int slot = (int) (k % 10);
    return slot < 8 ? 'p' : slot == 8 ? 'i' : 's';
  }

  /** What one pattern measures, and its bookkeeping; everything runs on the client's single event loop. */
  private static final class Run {
    final LoadPattern pattern;
    final Stats deliver;
    final Stats pong;
    final Stats subscribed;
    final Map<Long, Long> pings = new HashMap<>();
    final Map<String, Long> subscribes = new HashMap<>();
    long start;
    long published;
    long delivered;
    long expected = Long.MAX_VALUE;
    final Promise<Void> drained = Promise.promise();

    Run(LoadPattern pattern, ScenarioResult result) {
      this.pattern = pattern;
      this.deliver = result.add(new Stats(pattern.label() + " publish->deliver"));
      this.pong = result.add(new Stats(pattern.label() + " ping->pong"));
      this.subscribed = result.add(new Stats(pattern.label() + " subscribe->subscribed"));
    }

    void checkDrained() {
      if (delivered >= expected && pings.isEmpty() && subscribes.isEmpty()) {
        drained.tryComplete();
      }
    }
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    Context ctx = vertx.getOrCreateContext();
    long deadline = rc.deadline();
    List<LoadPattern> patterns = "all".equals(o.pattern) ? List.of(LoadPattern.values()) : List.of(LoadPattern.of(o.pattern));
    ClientPool pool = ClientPool.create(vertx, rc.target().wsUrl(), o.sourceAddresses, o.mixedPublishers + o.mixedSubscribers);
    JsonArray names = new JsonArray();
    patterns.forEach(p -> names.add(p.label()));
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("patterns", names).put("ratePerSecond", o.mixedRate)
        .put("secondsPerPattern", o.duration).put("publishers", o.mixedPublishers).put("subscribers", o.mixedSubscribers)
        .put("topics", TOPICS).put("proportions", "8 publish : 1 ping : 1 subscribe/unsubscribe").put("messageBytes", o.messageBytes)
        .put("warmupSeconds", warmupSeconds(o.duration)));
    List<Messages> topics = new ArrayList<>();
    List<String> topicNames = new ArrayList<>();
    for (int t = 0; t < TOPICS; t++) {
      topics.add(Messages.ofSize(Messages.freshTopic("mx"), o.messageBytes));
      topicNames.add(topics.get(t).topic());
    }
    String churnPrefix = Messages.freshTopic("mxc");
    List<Run> runs = new ArrayList<>();
    patterns.forEach(p -> runs.add(new Run(p, result)));
    Run[] current = {null};
    long[] nextOperation = {0};
    List<Conn> subscribers = new ArrayList<>();
    List<Conn> publishers = new ArrayList<>();
    long duration = TimeUnit.SECONDS.toNanos(o.duration);

    Future<Integer> opened = Batches.run(ctx, o.mixedSubscribers, o.connectBatch, deadline, i ->
        Subscriptions.open(rc, pool.next(), topicNames, m -> onSubscriberMessage(m, current[0], o.mixedRate, duration, o.messageBytes, result))
            .onSuccess(subscribers::add)
            .onFailure(err -> result.errorSample("subscriber " + i + ": " + err.getMessage()))
    ).compose(n -> Batches.run(ctx, o.mixedPublishers, o.connectBatch, deadline, i -> rc.open(pool.next()).onSuccess(c -> {
      publishers.add(c);
      c.handler(m -> onPublisherMessage(c, m, current[0], o.mixedRate, duration, rc.target().switchboard(), result));
    }).onFailure(err -> result.errorSample("publisher " + i + ": " + err.getMessage()))));

    Future<Void> chain = opened.compose(n -> {
      if (subscribers.size() < o.mixedSubscribers || publishers.size() < o.mixedPublishers) {
        runs.get(0).deliver.errors((o.mixedSubscribers - subscribers.size()) + (o.mixedPublishers - publishers.size()));
      }
      return publishers.isEmpty() ? Future.failedFuture("no publisher connected") : Future.succeededFuture();
    });
    // Warm-up, not recorded: the constant pattern for a few seconds, so that a run against a freshly started server
    // (and this freshly started client) measures the patterns, not the JIT. Its errors still count.
    ScenarioResult scratch = new ScenarioResult(name() + " warm-up", new JsonObject());
    Run warmup = new Run(LoadPattern.CONSTANT, scratch);
    long warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds(o.duration));
    chain = chain.compose(v -> {
      current[0] = warmup;
      progress("mixed", "warm-up (not recorded)");
      return pattern(vertx, nextOperation, warmup, publishers, subscribers.size(), topics, churnPrefix, o.mixedRate, warmupNanos,
          deadline, scratch);
    }).onSuccess(v -> {
      if (scratch.errors() > 0) {
        runs.get(0).deliver.errors(scratch.errors());
        scratch.errorSamples().forEach(s -> result.errorSample("warm-up: " + s));
      }
    });
    for (Run run : runs) {
      chain = chain.compose(v -> {
        current[0] = run;
        return pattern(vertx, nextOperation, run, publishers, subscribers.size(), topics, churnPrefix, o.mixedRate, duration, deadline, result);
      });
    }
    return chain.transform(ar -> {
      if (ar.failed()) {
        runs.get(0).deliver.error();
        result.errorSample("mixed: " + ar.cause().getMessage());
      }
      result.truncated(System.nanoTime() - deadline > 0);
      return Future.succeededFuture(result);
    }).eventually(() -> SendersScenario.closeAll(subscribers, publishers).eventually(pool::close));
  }

  /** The unrecorded warm-up before the patterns: half a pattern's duration, 1 to 5 s. */
  static long warmupSeconds(long patternSeconds) {
    return Math.max(1, Math.min(5, patternSeconds / 2));
  }

  /** Runs one pattern for its duration, then waits (bounded) for its outstanding replies and deliveries. */
  private static Future<Void> pattern(Vertx vertx, long[] next, Run run, List<Conn> publishers, int subscribers, List<Messages> topics,
                                      String churnPrefix, int rate, long duration, long deadline, ScenarioResult result) {
    Promise<Long> issued = Promise.promise();
    long first = next[0]; // operation numbers (and so message ids) run on across patterns: no id is ever reused
    long durationNanos = Math.min(duration, Math.max(0, deadline - System.nanoTime()));
    double seconds = duration / 1e9;
    run.start = System.nanoTime();
    run.deliver.start();
    run.pong.start();
    run.subscribed.start();
    progress("mixed", run.pattern.label() + ": " + seconds + " s at nominal " + rate + " ops/s");
    vertx.setPeriodic(1, 1, id -> {
      long now = System.nanoTime();
      double t = (now - run.start) / 1e9;
      long due = (long) run.pattern.operationsBy(t, seconds, rate);
      while (next[0] - first < due) {
        issue(run, next[0]++, publishers, topics, churnPrefix);
      }
      if (now - run.start >= durationNanos) {
        vertx.cancelTimer(id);
        issued.complete(next[0] - first);
      }
    });
    return issued.future().compose(n -> {
      run.expected = run.published * subscribers;
      run.checkDrained();
      long wait = Math.max(1, Math.min(DRAIN_TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      return run.drained.future().timeout(wait, TimeUnit.MILLISECONDS).otherwiseEmpty().map(v -> {
        run.deliver.stop();
        run.pong.stop();
        run.subscribed.stop();
        if (run.delivered < run.expected) {
          run.deliver.errors(run.expected - run.delivered);
          result.errorSample(run.pattern.label() + ": " + (run.expected - run.delivered) + " of " + run.expected + " deliveries missing");
        }
        if (!run.pings.isEmpty() || !run.subscribes.isEmpty()) {
          run.pong.errors(run.pings.size());
          run.subscribed.errors(run.subscribes.size());
          result.errorSample(run.pattern.label() + ": " + run.pings.size() + " pings and " + run.subscribes.size() + " subscribes unanswered");
        }
        result.metric(run.pattern.label() + "Operations", n);
        progress("mixed", run.pattern.label() + ": " + n + " operations, " + run.delivered + "/" + run.expected + " deliveries");
        return null;
      });
    });
  }

  private static void issue(Run run, long k, List<Conn> publishers, List<Messages> topics, String churnPrefix) {
    Conn c = publishers.get((int) (k % publishers.size()));
    long now = System.nanoTime();
    switch (kind(k)) {
      case 'p' -> {
        run.published++;
        c.send(topics.get((int) (k % topics.size())).publish(k, now));
      }
      case 'i' -> {
        run.pings.put(PING_TS_BASE + k, now);
        c.send(new JsonObject().put("type", "ping").put("ts", PING_TS_BASE + k));
      }
      default -> {
        String id = "m" + k;
        run.subscribes.put(id, now);
        c.send(new JsonObject().put("type", "subscribe").put("id", id).put("topic", churnPrefix + "." + k));
      }
    }
  }

  /** The schedule's interval between two operations of a kind with this share, at the time an operation was sent. */
  static long intervalNanos(LoadPattern p, long sentNanos, long startNanos, long duration, int rate, double share) {
    double r = p.rateAt((sentNanos - startNanos) / 1e9, duration / 1e9, rate) * share;
    return r > 0 ? (long) (1e9 / r) : Long.MAX_VALUE / 4;
  }

  private static void onSubscriberMessage(JsonObject m, Run run, int rate, long duration, int bytes, ScenarioResult result) {
    if (run == null) {
      return;
    }
    String type = m.getString("type");
    if ("deliver".equals(type)) {
      Long sent = Messages.sentNanos(m);
      if (sent == null || sent - run.start < 0) {
        return; // a late delivery of an earlier pattern: counted there as missing
      }
      run.deliver.recordNanos(System.nanoTime() - sent, intervalNanos(run.pattern, sent, run.start, duration, rate, PUBLISH_SHARE));
      run.deliver.bytes(bytes);
      run.delivered++;
      run.checkDrained();
    } else if ("error".equals(type)) {
      run.deliver.error();
      result.errorSample(run.pattern.label() + " subscriber: error " + m.getString("code") + ": " + m.getString("message"));
    }
  }

  private static void onPublisherMessage(Conn c, JsonObject m, Run run, int rate, long duration, boolean switchboard,
                                         ScenarioResult result) {
    if (run == null) {
      return;
    }
    long now = System.nanoTime();
    switch (m.getString("type", "")) {
      case "pong" -> {
        Long sent = m.getValue("ts") instanceof Number ts ? run.pings.remove(ts.longValue()) : null;
        if (sent != null) {
          run.pong.recordNanos(now - sent, intervalNanos(run.pattern, sent, run.start, duration, rate, OTHER_SHARE));
        }
      }
      case "subscribed" -> {
        Long sent = run.subscribes.remove(m.getString("id", ""));
        if (sent != null) {
          run.subscribed.recordNanos(now - sent, intervalNanos(run.pattern, sent, run.start, duration, rate, OTHER_SHARE));
          if (switchboard) {
            c.send(new JsonObject().put("type", "unsubscribe").put("id", "u" + m.getString("id")).put("topic", m.getString("topic")));
          }
        }
      }
      case "error" -> {
        run.deliver.error();
        result.errorSample(run.pattern.label() + " publisher: error " + m.getString("code") + ": " + m.getString("message"));
      }
      default -> {
        // acks, unsubscribed: nothing to measure
      }
    }
    run.checkDrained();
  }
}
