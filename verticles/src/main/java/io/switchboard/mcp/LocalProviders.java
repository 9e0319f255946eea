package io.switchboard.mcp;

import io.switchboard.cluster.NodeServices;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers of this node whose handlers are safe on any of its event loops ({@link McpProvider#servesAnyEventLoop}),
 * by bus address. A dispatcher that finds the address of a catalog entry here calls the provider directly: the
 * event-bus request it replaces (a copy of the call, a reply address, a timer, two hand-offs between event loops) was
 * 9 % of a trivial {@code tools/call}'s samples. A provider on another node, or one that must run on its own
 * context, is still reached through its address.
 */
final class LocalProviders implements Shareable {

  private static final String KEY = "mcp.local-providers";

  private final Map<String, McpProvider> byAddress = new ConcurrentHashMap<>();

  static LocalProviders of(Vertx vertx) {
    LocalProviders fresh = new LocalProviders();
    return NodeServices.registerIfAbsent(vertx, KEY, fresh) ? fresh : NodeServices.find(vertx, KEY);
  }

  /** The local provider serving {@code address}, or null (then the bus). */
  McpProvider get(String address) {
    return address == null ? null : byAddress.get(address);
  }

  void add(String address, McpProvider provider) {
    byAddress.put(address, provider);
  }

  void remove(String address, McpProvider provider) {
    byAddress.remove(address, provider);
  }
}
