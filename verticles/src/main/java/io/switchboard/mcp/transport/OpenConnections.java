package io.switchboard.mcp.transport;

import io.switchboard.cluster.NodeServices;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The MCP connections (WebSocket, HTTP+SSE) each principal holds open on this node, shared by every transport
 * instance, so that one principal cannot hold more than {@code mcp.max-sessions-per-principal} of them. A principal's
 * entry goes when its last connection closes: the map holds only principals with an open connection.
 */
public final class OpenConnections implements Shareable {

  private static final String KEY = "mcp.open-connections";
  private final ConcurrentHashMap<String, Integer> bySubject = new ConcurrentHashMap<>();

  public static OpenConnections of(Vertx vertx) {
    OpenConnections fresh = new OpenConnections();
    return NodeServices.registerIfAbsent(vertx, KEY, fresh) ? fresh : NodeServices.find(vertx, KEY);
  }

  /** Takes a place for {@code subject}; false (nothing taken) if it already holds {@code max}. */
  public boolean open(String subject, int max) {
    boolean[] taken = {false};
    bySubject.compute(subject, (s, n) -> {
      int count = n == null ? 0 : n;
      if (count >= max) {
        return n;
      }
      taken[0] = true;
      return count + 1;
    });
    return taken[0];
  }

  public void closed(String subject) {
    bySubject.computeIfPresent(subject, (s, n) -> n <= 1 ? null : n - 1);
  }

  public int count(String subject) {
    return bySubject.getOrDefault(subject, 0);
  }
}
