package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.switchboard.load.client.Framing;
import io.switchboard.load.client.JsonFraming;
import io.switchboard.load.client.MsgPackFraming;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.load.scenario.Steps.progress;

/**
 * Single-client throughput: one connection subscribed to its own topic. Sequential: publish, wait for the message to
 * come back, repeat ({@code --sequential} times, at most {@code --duration} seconds). Pipelined: keep up to
 * {@code --window} messages in flight for {@code --duration} seconds. On Switchboard both run in JSON and in MsgPack
 * (four measures); on a peer in its own framing.
 */
public final class ThroughputScenario implements Scenario {

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public Future<ScenarioResult> run(RunContext rc) {
    var o = rc.options();
    List<Framing> framings = rc.target().switchboard()
        ? List.of(rc.target().framing() instanceof JsonFraming ? rc.target().framing() : JsonFraming.INSTANCE, MsgPackFraming.INSTANCE)
        : List.of(rc.target().framing());
    JsonArray names = new JsonArray();
    framings.forEach(f -> names.add(f.name()));
    ScenarioResult result = new ScenarioResult(name(), rc.settings().put("framing", String.join("+", names.getList()))
        .put("sequentialMessages", o.sequential).put("window", o.window).put("seconds", o.duration)
        .put("messageBytes", o.messageBytes).put("messageBytesMeans", "length of the JSON publish frame"));
    long deadline = rc.deadline();
    Future<Void> chain = Future.succeededFuture();
    for (Framing f : framings) {
      Stats seq = result.add(new Stats(f.name() + " sequential publish->deliver"));
      Stats pipe = result.add(new Stats(f.name() + " pipelined publish->deliver"));
      chain = chain.compose(v -> measure(rc.withFraming(f), result, seq, pipe, deadline));
    }
    return chain.map(v -> {
      result.truncated(System.nanoTime() - deadline > 0);
      return result;
    });
  }

  private static Future<Void> measure(RunContext rc, ScenarioResult result, Stats seq, Stats pipe, long deadline) {
    var o = rc.options();
    String f = rc.target().framing().name();
    WebSocketClient client = Conn.client(rc.vertx(), 1);
    Messages messages = Messages.ofSize(Messages.freshTopic("lt"), o.messageBytes);
    long phase = TimeUnit.SECONDS.toNanos(o.duration);
    return EchoLink.open(rc, client, messages, result, f).compose(link -> {
      progress("throughput", f + ": sequential, up to " + o.sequential + " messages");
      return link.sequential(rc.vertx().getOrCreateContext(), o.sequential, Math.min(System.nanoTime() + phase, deadline), seq)
          .compose(v -> {
            progress("throughput", f + ": sequential " + seq.count() + " msgs at " + Math.round(seq.rate())
                + "/s; pipelined for " + o.duration + " s, window " + o.window);
            return link.pipelined(o.window, Math.min(System.nanoTime() + phase, deadline), deadline, pipe);
          })
          .onComplete(ar -> progress("throughput", f + ": pipelined " + pipe.count() + " msgs at "
              + Math.round(pipe.rate()) + "/s, " + pipe.errorCount() + " errors"))
          .eventually(link::close);
    }).recover(err -> {
      seq.error();
      result.errorSample(f + ": " + err.getMessage());
      return Future.succeededFuture();
    }).eventually(client::close);
  }
}
