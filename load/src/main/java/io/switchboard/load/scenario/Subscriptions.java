package io.switchboard.load.scenario;

import io.switchboard.load.client.Conn;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.switchboard.load.scenario.Steps.STEP_TIMEOUT_MS;

/** Opening a connection that is subscribed to some topics before it is used (the relay subset: subscribe → subscribed). */
final class Subscriptions {

  private Subscriptions() {
  }

  /**
   * Opens a connection, subscribes it to every topic and completes once every {@code subscribed} is back (or fails,
   * closing it). Every other envelope, then and later, goes to {@code onMessage}.
   */
  static Future<Conn> open(RunContext rc, WebSocketClient client, List<String> topics, Consumer<JsonObject> onMessage) {
    return subscribe(rc.open(client), topics, onMessage);
  }

  /** The same for the i-th receiver: on another node than the publishers' when the target is a cluster. */
  static Future<Conn> openReceiver(RunContext rc, WebSocketClient client, int i, List<String> topics,
                                   Consumer<JsonObject> onMessage) {
    return subscribe(rc.openReceiver(client, i), topics, onMessage);
  }

  private static Future<Conn> subscribe(Future<Conn> opened, List<String> topics, Consumer<JsonObject> onMessage) {
    return opened.compose(conn -> {
      Promise<Conn> all = Promise.promise();
      int[] pending = {topics.size()};
      conn.handler(m -> {
        String type = m.getString("type");
        if ("subscribed".equals(type) && pending[0] > 0) {
          if (--pending[0] == 0) {
            all.tryComplete(conn);
          }
        } else if ("error".equals(type) && pending[0] > 0) {
          all.tryFail("subscribe refused: " + m.getString("code") + ": " + m.getString("message"));
        } else {
          onMessage.accept(m);
        }
      });
      for (int i = 0; i < topics.size(); i++) {
        conn.send(new JsonObject().put("type", "subscribe").put("id", "s" + i).put("topic", topics.get(i)));
      }
      if (topics.isEmpty()) {
        all.tryComplete(conn);
      }
      return all.future().timeout(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .recover(err -> conn.close().transform(v -> Future.failedFuture(err)));
    });
  }
}
