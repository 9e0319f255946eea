package io.switchboard.mcp.transport;

import io.switchboard.cluster.NodeServices;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many MCP channels on this node listen for resource updates: each {@link McpConnection} (WebSocket, stdio, the
 * older HTTP+SSE) and each Streamable HTTP stream opened by a GET. While there are none, the node turns no applied
 * edit into a resource-updated notice nobody would read (the MCP relay is not even handed the edit on a standalone
 * node): collaborative editing paid for that relay on every edit whether or not an agent was connected.
 */
public final class ResourceListeners implements Shareable {

  private static final String KEY = "mcp.resource-listeners";
  private final AtomicInteger count = new AtomicInteger();

  public static ResourceListeners of(Vertx vertx) {
    ResourceListeners fresh = new ResourceListeners();
    return NodeServices.registerIfAbsent(vertx, KEY, fresh) ? fresh : NodeServices.find(vertx, KEY);
  }

  /** A channel starts listening; run what this returns when it stops (running it twice counts once). */
  public Runnable listening() {
    count.incrementAndGet();
    AtomicBoolean stopped = new AtomicBoolean();
    return () -> {
      if (stopped.compareAndSet(false, true)) {
        count.decrementAndGet();
      }
    };
  }

  /** Whether any channel on this node listens now. */
  public boolean any() {
    return count.get() > 0;
  }
}
