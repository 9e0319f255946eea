package io.switchboard.topic;

import io.switchboard.cluster.NodeServices;
import io.switchboard.protocol.message.Deliver;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

/**
 * Where a message accepted in this deployment goes to reach other deployments (Redis Pub/Sub federation,
 * docs/federation.md). {@link PublishPipeline} hands it every new message it accepted, on the node that accepted it;
 * messages that came from another deployment are appended by the federation itself and never pass through here, so
 * they are never sent back out. One per node, registered by whoever creates it; absent unless federation is on.
 */
public interface TopicExport extends Shareable {

  /** Sends the message to the other deployments if its topic is exported; never waits, never fails the publish. */
  void export(Deliver deliver, int priority);

  String KEY = "topic-export";

  /** The node's export, or null. */
  static TopicExport find(Vertx vertx) {
    return NodeServices.find(vertx, KEY);
  }

  static void register(Vertx vertx, TopicExport export) {
    NodeServices.register(vertx, KEY, export);
  }

  static void unregister(Vertx vertx, TopicExport export) {
    NodeServices.unregister(vertx, KEY, export);
  }
}
