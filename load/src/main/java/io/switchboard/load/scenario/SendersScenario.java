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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.DRAIN_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.progress;

/**
 * Many concurrent senders on one node: C sender connections each publish at a fixed rate (staggered, so the node sees
 * an even stream) to one of T shared topics (sender i to topic i mod T); N receiver connections are subscribed to
 * every topic. Latency is send → each delivery, recorded with the senders' interval for coordinated-omission
 * correction: a stall of the client or the node counts against the messages it held up.
 */
public final class SendersScenario implements Scenario {

  /** Message ids: sender index in the high bits, a counter below (so a shared topic never sees a duplicate id). */
  static final int COUNTER_BITS = 20;

  @Override
  public String name() {
    return "senders";
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    Context ctx = vertx.getOrCreateContext();
    long deadline = rc.deadline();
    ClientPool pool = ClientPool.create(vertx, rc.target().wsUrl(), o.sourceAddresses, o.senders + o.receivers);
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("senders", o.senders)
        .put("ratePerSender", o.senderRate).put("topics", o.topics).put("receivers", o.receivers)
        .put("seconds", o.duration).put("messageBytes", o.messageBytes)
        .put("sourceAddresses", new JsonArray(new ArrayList<>(pool.addresses()))));
    Stats stats = result.add(new Stats("publish->deliver"));
    long interval = TimeUnit.SECONDS.toNanos(1) / o.senderRate;
    List<Messages> topics = new ArrayList<>();
    List<String> topicNames = new ArrayList<>();
    for (int t = 0; t < o.topics; t++) {
      Messages m = Messages.ofSize(Messages.freshTopic("ls"), o.messageBytes);
      topics.add(m);
      topicNames.add(m.topic());
    }
    List<Conn> receivers = new ArrayList<>();
    List<Conn> senders = new ArrayList<>();
    long[] delivered = {0};
    long[] expected = {Long.MAX_VALUE};
    Promise<Void> allDelivered = Promise.promise();

    Future<Integer> opened = Batches.run(ctx, o.receivers, o.connectBatch, deadline, i ->
        Subscriptions.open(rc, pool.next(), topicNames, m -> {
          if ("deliver".equals(m.getString("type"))) {
            Long sent = Messages.sentNanos(m);
            if (sent == null) {
              stats.error();
              result.errorSample("receiver " + i + ": unexpected deliver " + m.encode());
              return;
            }
            stats.recordNanos(System.nanoTime() - sent, interval);
            stats.bytes(o.messageBytes);
            if (++delivered[0] >= expected[0]) {
              allDelivered.tryComplete();
            }
          } else if ("error".equals(m.getString("type"))) {
            stats.error();
            result.errorSample("receiver " + i + ": error " + m.getString("code") + ": " + m.getString("message"));
          }
        }).onSuccess(c -> {
          receivers.add(c);
          c.closeHandler(() -> closedByServer(stats, result, "receiver " + i));
        }).onFailure(err -> failed(stats, result, "receiver " + i, err))
    ).compose(n -> Batches.run(ctx, o.senders, o.connectBatch, deadline, i ->
        rc.open(pool.next()).onSuccess(c -> {
          senders.add(c);
          c.handler(m -> {
            if ("error".equals(m.getString("type"))) {
              stats.error();
              result.errorSample("sender " + i + ": error " + m.getString("code") + ": " + m.getString("message"));
            }
          });
          c.closeHandler(() -> closedByServer(stats, result, "sender " + i));
        }).onFailure(err -> failed(stats, result, "sender " + i, err))));

    Future<ScenarioResult> run = opened.compose(n -> {
      progress(name(), senders.size() + " senders at " + o.senderRate + "/s each, " + receivers.size()
          + " receivers, " + o.topics + " topic(s), for " + o.duration + " s");
      Promise<Long> sentAll = Promise.promise();
      long[] sent = new long[senders.size()];
      long[] total = {0};
      long start = System.nanoTime();
      long end = Math.min(start + TimeUnit.SECONDS.toNanos(o.duration), deadline);
      stats.start();
      // a 1 ms tick sends whatever is due on every sender: the schedule, not the tick, sets the rate
      vertx.setPeriodic(1, 1, id -> {
        long now = System.nanoTime();
        for (int i = 0; i < senders.size(); i++) {
          long offset = interval * i / Math.max(1, senders.size());
          long due = now - start - offset >= 0 ? (now - start - offset) / interval + 1 : 0;
          Messages m = topics.get(i % topics.size());
          while (sent[i] < due && now - end < 0 && sent[i] < (1L << COUNTER_BITS)) {
            senders.get(i).send(m.publish(((long) i << COUNTER_BITS) | sent[i], System.nanoTime()));
            sent[i]++;
            total[0]++;
          }
        }
        if (now - end >= 0) {
          vertx.cancelTimer(id);
          sentAll.tryComplete(total[0]);
        }
      });
      return sentAll.future().compose(count -> {
        expected[0] = count * receivers.size();
        if (delivered[0] >= expected[0]) {
          allDelivered.tryComplete();
        }
        long wait = Math.max(1, Math.min(DRAIN_TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        return allDelivered.future().timeout(wait, TimeUnit.MILLISECONDS).otherwiseEmpty().map(v -> {
          stats.stop();
          if (delivered[0] < expected[0]) {
            stats.errors(expected[0] - delivered[0]);
            result.errorSample((expected[0] - delivered[0]) + " of " + expected[0] + " deliveries missing");
          }
          result.metric("published", count).metric("deliveries", delivered[0]);
          result.truncated(senders.size() < o.senders || receivers.size() < o.receivers || System.nanoTime() - deadline > 0);
          progress(name(), count + " published, " + delivered[0] + "/" + expected[0] + " delivered");
          return result;
        });
      });
    });
    return run.eventually(() -> closeAll(receivers, senders).eventually(pool::close));
  }

  static void closedByServer(Stats stats, ScenarioResult result, String who) {
    stats.error();
    result.errorSample(who + ": connection closed by the server");
  }

  static void failed(Stats stats, ScenarioResult result, String who, Throwable err) {
    stats.error();
    result.errorSample(who + ": " + err.getMessage());
  }

  @SafeVarargs
  static Future<Void> closeAll(List<Conn>... lists) {
    List<Future<Void>> closing = new ArrayList<>();
    for (List<Conn> list : lists) {
      list.forEach(c -> closing.add(c.close().otherwiseEmpty()));
    }
    return Future.join(closing).mapEmpty();
  }
}
