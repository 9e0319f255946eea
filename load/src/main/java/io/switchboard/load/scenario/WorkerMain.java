package io.switchboard.load.scenario;

import io.switchboard.load.Options;
import io.switchboard.load.stats.ScenarioResult;
import io.switchboard.load.stats.Stats;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A worker process of {@code workers}: {@code java -cp <load jar> io.switchboard.load.scenario.WorkerMain SPEC OUT}.
 * Runs {@code senders} as the spec says, on one event loop of its own, and writes every measure
 * ({@link Stats#export()}) with the error samples to OUT for the parent to merge. Exit status 0 when OUT was written.
 */
public final class WorkerMain {

  private WorkerMain() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject spec = new JsonObject(Files.readString(Path.of(args[0])));
    Options o = Options.parse(spec.getJsonArray("args").stream().map(String::valueOf).toArray(String[]::new));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    int status = 1;
    try {
      RunContext rc = new RunContext(vertx, o, System.getenv(WorkerSpec.TOKEN_ENV), WorkerSpec.target(spec));
      Promise<ScenarioResult> p = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> ScenarioRegistry.get(o.command).run(rc).onComplete(p));
      ScenarioResult r = p.future().toCompletionStage().toCompletableFuture().get(o.maxSeconds + 30L, TimeUnit.SECONDS);
      JsonArray stats = new JsonArray();
      r.stats().forEach(s -> stats.add(s.export()));
      JsonObject out = new JsonObject().put("stats", stats).put("truncated", r.truncated())
          .put("metrics", r.metrics()).put("errorSamples", new JsonArray(r.errorSamples()));
      Files.writeString(Path.of(args[1]), out.encode(), StandardCharsets.UTF_8);
      status = 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    System.exit(status);
  }
}
