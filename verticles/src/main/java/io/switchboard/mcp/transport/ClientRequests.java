package io.switchboard.mcp.transport;

import io.switchboard.mcp.JsonRpc;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Requests the server sends to a client (sampling, elicitation, roots, ping), correlated with their responses.
 * Over Streamable HTTP the response comes back in a later POST, possibly to another node: each pending request
 * waits on a clustered address named after its id, to which whichever node receives the response forwards it.
 */
final class ClientRequests {

  static final String REPLY_PREFIX = "switchboard.mcp.reply.";

  private ClientRequests() {
  }

  static Future<JsonObject> send(Vertx vertx, String method, JsonObject params, long timeoutMs, Consumer<JsonObject> write) {
    String id = "srv-" + UUID.randomUUID();
    // The caller's context: a future without one would run its timeout on Netty's global executor thread.
    Promise<JsonObject> result = ((ContextInternal) vertx.getOrCreateContext()).promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(REPLY_PREFIX + id, m -> {
      JsonObject response = m.body();
      if (response.containsKey("error")) {
        JsonObject e = response.getJsonObject("error");
        result.tryFail(new JsonRpc.Failure(e.getInteger("code", JsonRpc.INTERNAL_ERROR), e.getString("message", "error")));
      } else {
        result.tryComplete(response.getJsonObject("result", new JsonObject()));
      }
    });
    return consumer.completion()
      .compose(v -> {
        write.accept(JsonRpc.request(id, method, params));
        return result.future().timeout(timeoutMs, TimeUnit.MILLISECONDS);
      })
      .eventually(consumer::unregister);
  }

  /** A response from the client: hand it to whoever waits for it, on any node. */
  static void deliver(Vertx vertx, JsonObject response) {
    Object id = response.getValue("id");
    if (id instanceof String s && s.startsWith("srv-")) {
      vertx.eventBus().send(REPLY_PREFIX + s, response);
    }
  }
}
