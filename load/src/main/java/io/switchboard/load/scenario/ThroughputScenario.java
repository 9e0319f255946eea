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
 *
 * <p>Each framing starts with an unrecorded pipelined warm-up ({@link MixedScenario#warmupSeconds}: half of
 * {@code --duration}, 1 to 5 s; its errors still count), on every target alike: against a freshly started server the
 * first seconds otherwise measure its JIT compiler (a fresh Switchboard node ran JSON pipelined at 40,000 msgs/s
 * with the C2 compiler threads taking half a core, 78,000–82,000 once warm), and the relay's small code warms
 * sooner than a server with every feature.
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
        .put("messageBytes", o.messageBytes).put("messageBytesMeans", "length of the JSON publish frame")
        .put("warmupSeconds", MixedScenario.warmupSeconds(o.duration)));
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
    Stats warm = new Stats(f + " warm-up"); // not added to the result
    long warmSeconds = MixedScenario.warmupSeconds(o.duration);
    return EchoLink.open(rc, client, messages, result, f).compose(link -> {
      progress("throughput", f + ": warm-up (not recorded), pipelined for " + warmSeconds + " s");
      long warmUntil = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(warmSeconds), deadline);
      return link.pipelined(o.window, warmUntil, deadline, warm)
          .compose(w -> {
            seq.errors(warm.errorCount()); // the warm-up's errors still count
            progress("throughput", f + ": sequential, up to " + o.sequential + " messages");
            return link.sequential(rc.vertx().getOrCreateContext(), o.sequential,
                Math.min(System.nanoTime() + phase, deadline), seq);
          })
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
