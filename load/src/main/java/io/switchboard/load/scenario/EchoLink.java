package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.DRAIN_TIMEOUT_MS;
import static io.switchboard.load.scenario.Steps.STEP_TIMEOUT_MS;

/**
 * One connection subscribed to its own topic, so that every message it publishes comes back to it: the single-client
 * throughput measurements (sequential and pipelined) of {@code throughput} and {@code sizes}. Latency is the
 * client's send → the delivery back to it, from the stamp in the payload ({@link Messages}).
 */
final class EchoLink {

  private final Vertx vertx;
  /** Publishes. */
  private final Conn conn;
  /** Receives the deliveries: the same connection on one node; on a cluster, one on another node. */
  private final Conn receiver;
  private final Messages messages;
  private final ScenarioResult result;
  private final String label;
  /** What happens with the next envelope; replaced by each measurement. */
  private java.util.function.Consumer<JsonObject> onMessage = m -> { };
  private Runnable onClosed = () -> { };
  private long nextId;

  private EchoLink(Vertx vertx, Conn conn, Conn receiver, Messages messages, ScenarioResult result, String label) {
    this.vertx = vertx;
    this.conn = conn;
    this.receiver = receiver;
    this.messages = messages;
    this.result = result;
    this.label = label;
  }

  /** Opens a connection, subscribes it to the messages' topic and completes once {@code subscribed} is back. */
  static Future<EchoLink> open(RunContext rc, WebSocketClient client, Messages messages, ScenarioResult result, String label) {
    return open(rc, client, 0, messages, result, label);
  }

  /**
   * The same; on a cluster ({@link io.switchboard.load.target.Target#crossNode}) the publishing connection is on the
   * first node and the one subscribed is the {@code index}-th receiver, on another node, so every message measured
   * crossed nodes.
   */
  static Future<EchoLink> open(RunContext rc, WebSocketClient client, int index, Messages messages, ScenarioResult result,
                               String label) {
    EchoLink[] link = new EchoLink[1];
    java.util.function.Consumer<JsonObject> forward = m -> {
      if (link[0] != null) {
        link[0].onMessage.accept(m);
      }
    };
    if (!rc.target().crossNode()) {
      return Subscriptions.open(rc, client, List.of(messages.topic()), forward).map(conn -> {
        link[0] = new EchoLink(rc.vertx(), conn, conn, messages, result, label);
        conn.closeHandler(() -> link[0].onClosed.run());
        return link[0];
      });
    }
    return Subscriptions.openReceiver(rc, client, index, List.of(messages.topic()), forward).compose(receiver ->
        rc.open(client).map(publisher -> {
          publisher.handler(m -> {
            if ("error".equals(m.getString("type"))) {
              forward.accept(m); // a refused publish counts against the window like a delivery
            }
          });
          link[0] = new EchoLink(rc.vertx(), publisher, receiver, messages, result, label);
          publisher.closeHandler(() -> link[0].onClosed.run());
          receiver.closeHandler(() -> link[0].onClosed.run());
          return link[0];
        }).recover(err -> receiver.close().otherwiseEmpty().transform(v -> Future.failedFuture(err))));
  }

  Future<Void> close() {
    Future<Void> closed = conn.close().otherwiseEmpty();
    return receiver == conn ? closed : Future.join(closed, receiver.close().otherwiseEmpty()).mapEmpty();
  }

  /** Up to n publish → own deliver round trips, one at a time, until {@code until} (nanoTime). */
  Future<Void> sequential(Context ctx, int n, long until, Stats stats) {
    Promise<?>[] pending = new Promise<?>[1];
    onMessage = m -> {
      if (pending[0] == null) {
        return;
      }
      String type = m.getString("type");
      if ("deliver".equals(type)) {
        Long sent = Messages.sentNanos(m);
        if (sent == null) {
          pending[0].tryFail("unexpected deliver " + m.encode());
        } else {
          stats.recordNanos(System.nanoTime() - sent);
          stats.bytes(messages.size());
          pending[0].tryComplete();
        }
      } else if ("error".equals(type)) {
        pending[0].tryFail("error " + m.getString("code") + ": " + m.getString("message"));
      }
    };
    onClosed = () -> {
      if (pending[0] != null) {
        pending[0].tryFail("connection closed by the server");
      }
    };
    stats.start();
    return Steps.sequential(ctx, n, until, i -> {
      if (conn.closed() || receiver.closed()) {
        return Future.failedFuture("connection closed");
      }
      Promise<Void> p = Promise.promise();
      pending[0] = p;
      conn.send(messages.publish(nextId++, System.nanoTime())).onFailure(p::tryFail);
      return p.future().timeout(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS).onFailure(err -> {
        stats.error();
        result.errorSample(label + " message " + i + ": " + err.getMessage());
      });
    }).onComplete(ar -> {
      pending[0] = null;
      stats.stop();
    }).mapEmpty();
  }

  /**
   * Publishes with up to {@code window} messages in flight (sent, not yet delivered back) until {@code until},
   * then waits (bounded) for the rest. A message that never comes back is an error.
   */
  Future<Void> pipelined(int window, long until, long deadline, Stats stats) {
    Promise<Void> done = Promise.promise();
    int[] inFlight = {0};
    Runnable fill = () -> {
      while (inFlight[0] < window && System.nanoTime() - until < 0 && !conn.closed() && !receiver.closed()) {
        inFlight[0]++;
        conn.send(messages.publish(nextId++, System.nanoTime())).onFailure(err -> {
          stats.error();
          result.errorSample(label + " send: " + err.getMessage());
        });
      }
      if (inFlight[0] == 0 && System.nanoTime() - until >= 0) {
        done.tryComplete();
      }
    };
    onMessage = m -> {
      String type = m.getString("type");
      if ("deliver".equals(type)) {
        Long sent = Messages.sentNanos(m);
        if (sent == null) {
          stats.error();
          result.errorSample(label + " unexpected deliver " + m.encode());
          return;
        }
        stats.recordNanos(System.nanoTime() - sent);
        stats.bytes(messages.size());
      } else if ("error".equals(type)) {
        stats.error();
        result.errorSample(label + " error " + m.getString("code") + ": " + m.getString("message"));
      } else {
        return; // acks, pongs: not part of the window
      }
      inFlight[0]--;
      fill.run();
    };
    onClosed = () -> {
      stats.error();
      result.errorSample(label + ": connection closed by the server");
      done.tryComplete();
    };
    stats.start();
    fill.run();
    // when the sending time is over, fill() no longer sends; the drain is bounded
    long endTimer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())), id -> fill.run());
    long drainMs = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()) + DRAIN_TIMEOUT_MS,
        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    long drainTimer = vertx.setTimer(drainMs, id -> {
      if (inFlight[0] > 0) {
        stats.errors(inFlight[0]);
        result.errorSample(label + ": " + inFlight[0] + " messages not delivered back in time");
      }
      done.tryComplete();
    });
    return done.future().onComplete(ar -> {
      vertx.cancelTimer(endTimer);
      vertx.cancelTimer(drainTimer);
      onMessage = m -> { };
      onClosed = () -> { };
      stats.stop();
    });
  }
}
