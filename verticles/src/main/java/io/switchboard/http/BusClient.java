package io.switchboard.http;

import io.switchboard.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** Request/reply to a service address; a failed reply comes back as the service's {@link ServiceError}. */
final class BusClient {

  private final Vertx vertx;
  private final long timeoutMs;

  BusClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  Future<JsonObject> request(String address, String action, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    if (action != null) {
      options.addHeader("action", action);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options)
      .map(reply -> reply.body())
      .recover(err -> Future.failedFuture(ServiceError.from(err)));
  }
}
