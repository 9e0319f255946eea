package io.switchboard.topic;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * The node's optional topic extensions ({@link TopicArchive}, {@link TopicExport}), one of each per {@link Vertx},
 * kept in the node's local map by whoever creates them and found by the topic code.
 */
final class NodeLocal {

  static final String MAP = "switchboard.node";

  private NodeLocal() {
  }

  static <T extends Shareable> T find(Vertx vertx, String key) {
    LocalMap<String, T> map = vertx.sharedData().getLocalMap(MAP);
    return map.get(key);
  }

  static <T extends Shareable> void register(Vertx vertx, String key, T value) {
    vertx.sharedData().<String, T>getLocalMap(MAP).put(key, value);
  }

  static <T extends Shareable> void unregister(Vertx vertx, String key, T value) {
    vertx.sharedData().<String, T>getLocalMap(MAP).remove(key, value);
  }
}
