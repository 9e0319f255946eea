package io.switchboard.load.scenario;

import io.switchboard.load.client.ClientPool;
import io.switchboard.load.client.Conn;
import io.switchboard.load.client.ProcessLimits;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.switchboard.load.scenario.Steps.DRAIN_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.STEP_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.progress;

/**
 * Broadcast fan-out: one publisher, S subscribers on one topic (up to 10,000 in the full profile: subscribers connect
 * in parallel batches of {@code --connect-batch}, spread over {@code --source-addresses} loopback addresses).
 */
public final class FanoutScenario implements Scenario {

  @Override
  public String name() {
    return "fanout";
  }

  /** Per-subscriber checking state; touched only from that subscriber's connection context. */
  private static final class Sub {
    final int index;
    int received;
    int nextIndex;
    long lastSeq = -1;
    Sub(int index) {
      this.index = index;
    }
  }

  /**
   * One publisher, S subscribers on one topic, M messages at {@code --rate}. Measures publish send
   * time → each delivery, and → the delivery to the last subscriber of each message; checks that
   * every subscriber got every message once, in seq order, without holes.
   */
  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    Vertx vertx = rc.vertx();
    var o = rc.options();
    int subs = o.subscribers;
    int warmUp = warmUpMessages(o.messages);
    int msgs = warmUp + o.messages; // the first warmUp are published and checked like the others, not recorded
    String topic = "public.load.fanout." + UUID.randomUUID().toString().substring(0, 8);
    // every subscriber and the publisher stay open at once: the pool must hold them all, over several source
    // addresses so that 10,000 connections do not exhaust one address's ephemeral ports
    ClientPool pool = ClientPool.create(vertx, rc.target().wsUrl(), o.sourceAddresses, subs + 1);
    long fdLimit = ProcessLimits.openFiles();
    if (fdLimit > 0 && subs + ProcessLimits.RESERVED_FILES > fdLimit) {
      progress("fanout", "warning: " + subs + " subscribers need more open files than this process may have (" + fdLimit + ")");
    }
    ScenarioResult result = new ScenarioResult("fanout", rc.settings()
        .put("subscribers", subs).put("messages", o.messages).put("warmUpMessages", warmUp).put("publishRatePerSecond", o.rate).put("topic", topic)
        .put("connectBatch", o.connectBatch).put("sourceAddresses", new io.vertx.core.json.JsonArray(new ArrayList<>(pool.addresses())))
        .put("clientOpenFilesLimit", fdLimit));
    Stats all = result.add(new Stats("publish->deliver"));
    Stats last = result.add(new Stats("publish->last subscriber"));
    Stats acks = result.add(new Stats("publish->ack"));
    Context ctx = vertx.getOrCreateContext();
    long deadline = rc.deadline();

    AtomicLongArray sentAt = new AtomicLongArray(msgs);
    AtomicIntegerArray deliveredCount = new AtomicIntegerArray(msgs);
    AtomicLong delivered = new AtomicLong();
    long[] expected = {(long) subs * msgs}; // fixed once the subscribers are connected
    int[] connected = {subs};
    Promise<Void> allDelivered = Promise.promise();
    List<Conn> conns = new ArrayList<>();
    List<Sub> states = new ArrayList<>();

    // 1. connect and subscribe the subscribers, in parallel batches
    Future<Integer> subscribed = Batches.run(ctx, subs, o.connectBatch, deadline, i -> {
      Sub s = new Sub(i);
      Promise<Void> subscribedReply = Promise.promise();
      return rc.openReceiver(pool.next(), i).compose(conn -> {
        conns.add(conn);
        states.add(s);
        conn.handler(m -> {
          String type = m.getString("type");
          if ("deliver".equals(type)) {
            long now = System.nanoTime();
            onDeliver(s, m, now, warmUp, msgs, sentAt, deliveredCount, connected[0], all, last, result);
            if (delivered.incrementAndGet() == expected[0]) {
              allDelivered.tryComplete();
            }
          } else if ("subscribed".equals(type)) {
            subscribedReply.tryComplete();
          } else if ("error".equals(type)) {
            all.error();
            result.errorSample("subscriber " + i + ": error " + m.getString("code") + ": " + m.getString("message"));
            subscribedReply.tryFail(m.getString("code"));
          }
        });
        conn.closeHandler(() -> {
          all.error();
          result.errorSample("subscriber " + i + ": connection closed by the node");
        });
        conn.send(new JsonObject().put("type", "subscribe").put("id", "s" + i).put("topic", topic));
        return subscribedReply.future().timeout(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }).onFailure(err -> {
        all.error();
        result.errorSample("subscriber " + i + ": " + err.getMessage());
      }).onComplete(ar -> {
        if ((i + 1) % Math.max(1, subs / 4) == 0) {
          progress("fanout", (i + 1) + "/" + subs + " subscribers connected and subscribed");
        }
      });
    });

    // 2. the publisher
    Future<ScenarioResult> run = subscribed.compose(n -> rc.open(pool.next())).compose(pub -> {
      conns.add(pub);
      connected[0] = states.size();
      expected[0] = (long) states.size() * msgs;
      pub.handler(m -> {
        String type = m.getString("type");
        String id = m.getString("id", m.getString("ref", ""));
        int k = id.startsWith("p") ? parseIndex(id.substring(1), msgs) : -1;
        if ("ack".equals(type) && k >= warmUp) {
          acks.recordNanos(System.nanoTime() - sentAt.get(k));
        } else if ("error".equals(type)) {
          acks.error();
          result.errorSample("publish " + id + ": error " + m.getString("code") + ": " + m.getString("message"));
        }
      });
      pub.closeHandler(() -> {
        acks.error();
        result.errorSample("publisher: connection closed by the node");
      });
      progress("fanout", "publishing " + warmUp + " warm-up messages (not recorded), then " + o.messages + " at " + o.rate
          + "/s to " + states.size() + " subscribers");
      Promise<Void> published = Promise.promise();
      long periodNanos = TimeUnit.SECONDS.toNanos(1) / o.rate;
      long start = System.nanoTime();
      // a 1 ms tick sends whatever is due: keeps the rate without one timer per message
      int[] nextToSend = {0};
      long timer = vertx.setPeriodic(1, 1, id -> {
        long now = System.nanoTime();
        while (nextToSend[0] < msgs && now - (start + nextToSend[0] * periodNanos) >= 0) {
          int k = nextToSend[0]++;
          if (k == warmUp) { // the measured messages start here
            all.start();
            last.start();
            acks.start();
          }
          sentAt.set(k, System.nanoTime());
          pub.send(new JsonObject().put("type", "publish").put("id", "p" + k).put("topic", topic)
              .put("ack", true).put("payload", new JsonObject().put("i", k)));
        }
        if (nextToSend[0] >= msgs || now - deadline > 0) {
          vertx.cancelTimer(id);
          published.tryComplete();
        }
      });
      if (expected[0] == 0) {
        allDelivered.tryComplete();
      }
      return published.future().compose(v -> {
        progress("fanout", nextToSend[0] + " published; waiting for deliveries (" + delivered.get() + "/" + expected[0] + ")");
        // with thousands of subscribers the node may be far behind: wait for it up to the time bound
        long wait = Math.max(DRAIN_TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        return allDelivered.future().timeout(wait, TimeUnit.MILLISECONDS).otherwiseEmpty();
      }).map(v -> {
        all.stop();
        last.stop();
        acks.stop();
        vertx.cancelTimer(timer);
        result.truncated(nextToSend[0] < msgs || states.size() < subs);
        // 3. check: every connected subscriber got every published message
        int sent = nextToSend[0];
        for (Sub s : states) {
          if (s.received < sent) {
            all.errors(sent - s.received);
            result.errorSample("subscriber " + s.index + ": received " + s.received + " of " + sent + " messages");
          }
        }
        long incomplete = 0;
        for (int k = 0; k < sent; k++) {
          if (deliveredCount.get(k) < states.size()) {
            incomplete++;
          }
        }
        if (incomplete > 0) {
          last.errors(incomplete);
          result.errorSample(incomplete + " messages did not reach every subscriber");
        }
        progress("fanout", delivered.get() + "/" + ((long) states.size() * sent) + " deliveries");
        return result;
      });
    });
    return run.eventually(() -> {
      List<Future<Void>> closing = new ArrayList<>();
      conns.forEach(c -> closing.add(c.close().otherwiseEmpty()));
      return Future.join(closing).eventually(pool::close);
    });
  }

  /**
   * Messages published first and not recorded: the first deliveries to thousands of subscribers run code the JIT
   * has not compiled yet (the scenario runs early in the suite, before anything has published), and they were part
   * of the worst of 40 messages (their p99: 439 ms cold, 389 and 316 ms in the next two runs against the same node).
   * Every target gets the same; the other message scenarios warm up likewise.
   */
  static int warmUpMessages(int messages) {
    return Math.max(1, Math.min(10, messages / 4));
  }

  private static void onDeliver(Sub s, JsonObject m, long now, int warmUp, int msgs, AtomicLongArray sentAt,
                                AtomicIntegerArray deliveredCount, int subs, Stats all, Stats last,
                                ScenarioResult result) {
    JsonObject payload = m.getValue("payload") instanceof JsonObject p ? p : null;
    Long seq = m.getLong("seq");
    int k = payload != null && payload.getValue("i") instanceof Number n ? n.intValue() : -1;
    if (k < 0 || k >= msgs || seq == null) {
      all.error();
      result.errorSample("subscriber " + s.index + ": unexpected deliver " + m.encode());
      return;
    }
    s.received++;
    if (k != s.nextIndex) {
      all.error();
      result.errorSample("subscriber " + s.index + ": got message " + k + ", expected " + s.nextIndex);
    }
    if (s.lastSeq >= 0 && seq != s.lastSeq + 1) {
      all.error();
      result.errorSample("subscriber " + s.index + ": seq " + seq + " after " + s.lastSeq);
    }
    s.nextIndex = k + 1;
    s.lastSeq = seq;
    long latency = now - sentAt.get(k);
    boolean recorded = k >= warmUp;
    if (recorded) {
      all.recordNanos(latency);
    }
    if (deliveredCount.incrementAndGet(k) == subs && recorded) {
      last.recordNanos(latency);
    }
  }

  private static int parseIndex(String s, int limit) {
    try {
      int k = Integer.parseInt(s);
      return k >= 0 && k < limit ? k : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
