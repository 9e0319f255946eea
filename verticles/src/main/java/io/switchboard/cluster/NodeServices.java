package io.switchboard.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * The objects one node's verticles share (the Redis store's archives, ...), by key in the node's local map: the
 * verticle that owns one registers it when it starts, the others find it (null: the node has none).
 */
public final class NodeServices {

  private static final String LOCAL_MAP = "switchboard.node";

  private NodeServices() {
  }

  public static <T extends Shareable> T find(Vertx vertx, String key) {
    LocalMap<String, T> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
    return map.get(key);
  }

  public static void register(Vertx vertx, String key, Shareable service) {
    vertx.sharedData().<String, Shareable>getLocalMap(LOCAL_MAP).put(key, service);
  }

  /** Registers unless the key is taken; false if another service holds it. */
  public static boolean registerIfAbsent(Vertx vertx, String key, Shareable service) {
    return vertx.sharedData().<String, Shareable>getLocalMap(LOCAL_MAP).putIfAbsent(key, service) == null;
  }

  public static void unregister(Vertx vertx, String key, Shareable service) {
    vertx.sharedData().<String, Shareable>getLocalMap(LOCAL_MAP).remove(key, service);
  }
}
