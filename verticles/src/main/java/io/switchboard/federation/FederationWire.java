package io.switchboard.federation;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What a federated message looks like on its Redis channel: the {@code deliver} frame as the origin deployment
 * numbered it (JSON, readable with {@code redis-cli psubscribe}), without {@code sig} (the receiver signs with its
 * own key and its own seq), with {@code origin} = the origin deployment, plus three fields the protocol decoder
 * ignores: {@code federation} (this format's version, 1), {@code priority} and {@code node} (the origin node, to
 * tell a misconfigured deployment id from a loop). Example in docs/federation.md.
 */
final class FederationWire {

  static final int VERSION = 1;

  /** A message read from Redis. */
  record Received(Deliver deliver, int priority, String node) {
  }

  private FederationWire() {
  }

  static String encode(Deliver deliver, String deployment, int priority, String node) {
    return Frames.toJson(deliver.withSig(null).withOrigin(deployment))
      .put("federation", VERSION).put("priority", priority).put("node", node).encode();
  }

  /** The message, or null when it is not one this version understands (logged and counted by the caller). */
  static Received decode(String text) {
    try {
      JsonObject json = new JsonObject(text);
      if (!Integer.valueOf(VERSION).equals(json.getValue("federation"))) {
        return null;
      }
      Message m = Frames.fromJson(json);
      Object priority = json.getValue("priority");
      if (!(m instanceof Deliver d) || d.origin() == null || !(priority instanceof Number p)
        || p.intValue() < 0 || p.intValue() > 4) {
        return null;
      }
      return new Received(d, p.intValue(), json.getString("node", ""));
    } catch (DecodeException | ProtocolException | ClassCastException e) {
      return null;
    }
  }
}
