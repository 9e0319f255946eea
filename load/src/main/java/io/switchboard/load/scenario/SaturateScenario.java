package io.switchboard.load.scenario;

import io.switchboard.load.client.ClientPool;
import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.Resources;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * The server saturated: P publisher connections ({@code --senders}), each on a topic of its own and subscribed to it,
 * each keeping {@code --window / P} publishes in flight for {@code --duration} seconds, as fast as the server takes
 * them; every topic also has {@code --receivers} more subscriber connections. Reported: publish → delivery latency
 * and rate for the publishers (their own topic) and the receivers, every delivery per second (metric
 * {@code deliveriesPerSecond}), the server's CPU per delivery and deliveries per second of server CPU (per core): the
 * multi-worker headline of the seed reports, measured on one node.
 * <p>
 * The same load runs first, unrecorded, for {@link MixedScenario#warmupSeconds} (half the duration, 1 to 5 s), and the
 * receivers catch up before the recorded run starts, on every target alike: against a target launched for this
 * scenario alone (a cluster's nodes always are), the first seconds measured its JIT compilers, not its delivery path
 * (a 3-node cluster's C2 threads took 3–25 µs of CPU per message in a cold 8-second `throughput` phase).
 * {@code --warm-up-seconds} makes it longer: three node JVMs on two cores still compiled after 40 s of this load
 * (C2 8–9 µs of the cluster's 26–28 µs of CPU per delivery; after 100 s, 1.9 of 18.6), so the cross-node command in
 * load/README.md gives it 100 s.
 */
public final class SaturateScenario implements Scenario {

  @Override
  public String name() {
    return "saturate";
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    var o = rc.options();
    Context ctx = rc.vertx().getOrCreateContext();
    long deadline = rc.deadline();
    int publishers = Math.max(1, o.senders);
    int window = Math.max(1, o.window / publishers);
    ClientPool pool = ClientPool.create(rc.vertx(), rc.target().wsUrl(), o.sourceAddresses, publishers * (1 + o.receivers));
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("publishers", publishers)
        .put("receiversPerTopic", o.receivers).put("windowPerPublisher", window).put("seconds", o.duration)
        .put("messageBytes", o.messageBytes).put("sourceAddresses", new JsonArray(new ArrayList<>(pool.addresses()))));
    Stats own = result.add(new Stats("publish->own deliver (publishers)"));
    Stats every = result.add(new Stats("publish->receiver deliver"));
    List<Messages> topics = new ArrayList<>();
    for (int i = 0; i < publishers; i++) {
      topics.add(Messages.ofSize(Messages.freshTopic("lz"), o.messageBytes));
    }
    List<Conn> receivers = new ArrayList<>();
    List<EchoLink> links = new ArrayList<>();
    // where the receivers record: the warm-up's own figures first, then the result's
    Stats warmReceivers = new Stats("warm-up receivers"); // not added to the result
    Stats warmOwn = new Stats("warm-up publishers");
    Stats[] receiving = {warmReceivers};

    Future<Integer> opened = Batches.run(ctx, publishers * o.receivers, o.connectBatch, deadline, i ->
        Subscriptions.openReceiver(rc, pool.next(), i, List.of(topics.get(i % publishers).topic()), m -> {
          if ("deliver".equals(m.getString("type"))) {
            Long sent = Messages.sentNanos(m);
            if (sent != null) {
              receiving[0].recordNanos(System.nanoTime() - sent);
              receiving[0].bytes(o.messageBytes);
            }
          } else if ("error".equals(m.getString("type"))) {
            receiving[0].error();
            result.errorSample("receiver " + i + ": error " + m.getString("code") + ": " + m.getString("message"));
          }
        }).onSuccess(c -> {
          receivers.add(c);
          c.closeHandler(() -> SendersScenario.closedByServer(every, result, "receiver " + i));
        }).onFailure(err -> SendersScenario.failed(every, result, "receiver " + i, err))
    ).compose(n -> Batches.run(ctx, publishers, o.connectBatch, deadline, i ->
        EchoLink.open(rc, pool.next(), i, topics.get(i), result, "publisher " + i).onSuccess(links::add)
          .onFailure(err -> SendersScenario.failed(own, result, "publisher " + i, err))));

    long warmSeconds = o.warmUpSeconds > 0 ? o.warmUpSeconds : MixedScenario.warmupSeconds(o.duration);
    result.settings().put("warmUpSeconds", warmSeconds);
    Future<Void> warmed = opened.compose(n -> {
      progress(name(), "warm-up (not recorded): the same load for " + warmSeconds + " s");
      long warmUntil = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(warmSeconds), deadline);
      return load(rc, links, window, warmUntil, deadline, warmOwn, warmReceivers).map(v -> {
        own.errors(warmOwn.errorCount()); // the warm-up's errors still count
        every.errors(warmReceivers.errorCount());
        receiving[0] = every;
        result.settings().put("warmupSeconds", warmSeconds);
        return null;
      });
    });

    Future<ScenarioResult> run = warmed.compose(n -> {
      progress(name(), links.size() + " publishers (window " + window + " each), " + receivers.size() + " receivers, for "
          + o.duration + " s");
      Resources used = Resources.start(rc.target().pids());
      long until = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(o.duration), deadline);
      every.start();
      return load(rc, links, window, until, deadline, own, every).compose(v -> {
        every.stop();
        JsonObject resources = used.stop();
        // the publishers' own deliveries are deliveries too
        long deliveries = every.count() + own.count();
        result.metric("deliveries", deliveries).metric("deliveriesPerSecond", Math.round(deliveries / Math.max(1e-9, every.seconds())));
        if (resources.containsKey("serverCpuSeconds") && resources.getDouble("serverCpuSeconds") > 0 && deliveries > 0) {
          double cpu = resources.getDouble("serverCpuSeconds");
          result.metric("serverCpuMicrosPerDelivery", Stats.round(cpu * 1e6 / deliveries, 2))
              .metric("deliveriesPerServerCpuSecond", Math.round(deliveries / cpu))
              .metric("serverCpuPercent", resources.getDouble("serverCpuPercent"));
        }
        result.truncated(links.size() < publishers || receivers.size() < publishers * o.receivers
            || System.nanoTime() - deadline > 0);
        progress(name(), deliveries + " deliveries at " + result.metrics().getLong("deliveriesPerSecond") + "/s"
            + (result.metrics().containsKey("deliveriesPerServerCpuSecond")
            ? ", " + result.metrics().getLong("deliveriesPerServerCpuSecond") + " per second of server CPU" : ""));
        return Future.succeededFuture(result);
      });
    });
    return run.eventually(() -> {
      List<Future<Void>> closing = new ArrayList<>();
      links.forEach(l -> closing.add(l.close()));
      return Future.join(closing).compose(v -> SendersScenario.closeAll(receivers)).eventually(pool::close);
    });
  }

  /**
   * Every publisher keeps {@code window} publishes in flight until {@code until}, recording its own echoes in
   * {@code own}. A publisher's run ends with its own last echo; its receivers' copies of the last window may still be
   * on the way on other connections: this waits for them (bounded) in {@code receivers}, so that every delivery the
   * run caused is counted.
   */
  private static Future<Void> load(RunContext rc, List<EchoLink> links, int window, long until, long deadline,
                                   Stats own, Stats receivers) {
    List<Future<Void>> runs = new ArrayList<>();
    for (EchoLink link : links) {
      runs.add(link.pipelined(window, until, deadline, own));
    }
    return Future.join(runs).transform(ar -> receiversCaughtUp(rc.vertx(), receivers, own, rc.options().receivers,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Steps.DRAIN_TIMEOUT_MS)));
  }

  /** Completes once the receivers hold {@code perMessage} copies of every publish echoed so far, or at {@code until}. */
  private static Future<Void> receiversCaughtUp(io.vertx.core.Vertx vertx, Stats every, Stats own, long perMessage,
                                                long until) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    if (every.count() >= own.count() * perMessage) {
      return Future.succeededFuture();
    }
    vertx.setPeriodic(5, id -> {
      if (every.count() >= own.count() * perMessage || System.nanoTime() - until > 0) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }
}
