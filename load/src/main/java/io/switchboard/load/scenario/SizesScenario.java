package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;

import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * Message size matrix: for each size of {@code --sizes} (the length of the whole JSON publish frame, see
 * {@link Messages}), one connection publishes to its own topic pipelined for {@code --size-seconds}; messages per
 * second, bytes per second (message size × messages delivered) and send → deliver latency per size. The window
 * is {@code --window} messages but at most {@link #MAX_IN_FLIGHT_BYTES} in flight, so a large size does not run
 * into the server's per-connection outbound queue limit (Switchboard: 4 MiB, then it drops messages).
 */
public final class SizesScenario implements Scenario {

  static final int MAX_IN_FLIGHT_BYTES = 1024 * 1024;

  @Override
  public String name() {
    return "sizes";
  }

  /** The in-flight window for messages of {@code size} bytes. */
  static int window(int requested, int size) {
    return Math.max(1, Math.min(requested, MAX_IN_FLIGHT_BYTES / Math.max(1, size)));
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    var o = rc.options();
    JsonArray sizes = new JsonArray();
    o.sizes.forEach(sizes::add);
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("sizes", sizes)
        .put("sizeMeans", "length of the JSON publish frame in bytes").put("secondsPerSize", o.sizeSeconds)
        .put("window", o.window).put("maxInFlightBytes", MAX_IN_FLIGHT_BYTES));
    long deadline = rc.deadline();
    WebSocketClient client = Conn.client(rc.vertx(), 1);
    Future<Void> chain = Future.succeededFuture();
    for (int size : o.sizes) {
      Stats stats = result.add(new Stats(size + " B publish->deliver"));
      chain = chain.compose(v -> {
        Messages messages = Messages.ofSize(Messages.freshTopic("lt"), size);
        int window = window(o.window, size);
        long until = Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) (o.sizeSeconds * 1000)), deadline);
        return EchoLink.open(rc, client, messages, result, size + " B")
            .compose(link -> link.pipelined(window, until, deadline, stats).eventually(link::close))
            .onSuccess(x -> progress("sizes", size + " B: " + Math.round(stats.rate()) + " msgs/s, "
                + Math.round(stats.bytesRate() / 1024) + " KiB/s, window " + window + ", " + stats.errorCount() + " errors"))
            .recover(err -> {
              stats.error();
              result.errorSample(size + " B: " + err.getMessage());
              return Future.succeededFuture();
            });
      });
    }
    return chain.map(v -> {
      result.truncated(System.nanoTime() - deadline > 0);
      return result;
    }).eventually(client::close);
  }
}
