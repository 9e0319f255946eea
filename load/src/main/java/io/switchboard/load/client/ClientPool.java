package io.switchboard.load.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Several WebSocket clients, each bound to its own local source address, handed out round robin. One source
 * address can hold at most one connection per ephemeral port to a given server port (about 28,000 with Linux's
 * default range 32768–60999); on loopback every 127.x.y.z is a local address, so spreading connections over
 * 127.0.0.1 … 127.0.0.K multiplies that limit by K. For a server that is not on loopback the pool holds one
 * client with the system's choice of address.
 */
public final class ClientPool {

  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<String> addresses;
  private int next;

  private ClientPool(Vertx vertx, List<String> addresses, int maxConnections) {
    this.addresses = addresses;
    int each = Math.max(1, (maxConnections + addresses.size() - 1) / addresses.size());
    for (String a : addresses) {
      clients.add(Conn.client(vertx, each, a));
    }
  }

  /** A pool for at most {@code maxConnections} open at once to {@code wsUrl}, over up to {@code addresses} sources. */
  public static ClientPool create(Vertx vertx, String wsUrl, int addresses, int maxConnections) {
    return new ClientPool(vertx, sourceAddresses(wsUrl, addresses), maxConnections);
  }

  /**
   * 127.0.0.1 … 127.0.0.k when the server's host is a loopback name or a 127.x address, else a single
   * {@code null} (no binding). k is kept within 1..254.
   */
  public static List<String> sourceAddresses(String wsUrl, int k) {
    String host = URI.create(wsUrl).getHost();
    boolean loopback = host != null && (host.equals("localhost") || host.startsWith("127."));
    List<String> list = new ArrayList<>();
    if (!loopback) {
      list.add(null);
      return list;
    }
    for (int i = 1; i <= Math.max(1, Math.min(254, k)); i++) {
      list.add("127.0.0." + i);
    }
    return list;
  }

  public WebSocketClient next() {
    WebSocketClient c = clients.get(next);
    next = (next + 1) % clients.size();
    return c;
  }

  /** The source addresses in use, for the settings ("system" when unbound). */
  public List<String> addresses() {
    List<String> names = new ArrayList<>();
    addresses.forEach(a -> names.add(a == null ? "system" : a));
    return names;
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    clients.forEach(c -> closing.add(c.close().otherwiseEmpty()));
    return Future.join(closing).mapEmpty();
  }
}
