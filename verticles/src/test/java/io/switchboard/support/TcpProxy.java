package io.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP relay in front of a node, to make the network blink under a real client: it can swallow the bytes
 * of one direction (a request that never arrives, an answer that never comes back) and cut every connection at
 * once, as a dropped link does (no WebSocket close frame either way).
 */
public final class TcpProxy {

  private final Vertx vertx;
  private final int target;
  private final NetServer server;
  private final List<Link> links = new ArrayList<>();
  private volatile boolean dropUpstream;
  private volatile boolean dropDownstream;

  /** One relayed connection; once cut, nothing more passes either way, whatever is still in flight. */
  private static final class Link {
    final NetSocket client;
    final NetSocket upstream;
    volatile boolean cut;

    Link(NetSocket client, NetSocket upstream) {
      this.client = client;
      this.upstream = upstream;
    }
  }

  private TcpProxy(Vertx vertx, int target) {
    this.vertx = vertx;
    this.target = target;
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
  }

  /** A relay on a free loopback port to {@code 127.0.0.1:target}. */
  public static Future<TcpProxy> start(Vertx vertx, int target) {
    TcpProxy proxy = new TcpProxy(vertx, target);
    proxy.server.connectHandler(proxy::accept);
    return proxy.server.listen().map(s -> proxy);
  }

  private void accept(NetSocket client) {
    client.pause();
    vertx.createNetClient().connect(target, "127.0.0.1").onSuccess(upstream -> {
      Link link = new Link(client, upstream);
      synchronized (links) {
        links.add(link);
      }
      client.handler(b -> {
        if (!dropUpstream && !link.cut) {
          upstream.write(b);
        }
      });
      upstream.handler(b -> {
        if (!dropDownstream && !link.cut) {
          client.write(b);
        }
      });
      client.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> client.close());
      client.resume();
    }).onFailure(err -> client.close());
  }

  public int port() {
    return server.actualPort();
  }

  /** From now on the client's bytes are swallowed (they never reach the node). */
  public void dropUpstream(boolean drop) {
    dropUpstream = drop;
  }

  /** From now on the node's bytes are swallowed (they never reach the client). */
  public void dropDownstream(boolean drop) {
    dropDownstream = drop;
  }

  /** Closes every relayed connection, both sides, and lets new ones through again unharmed. */
  public void cut() {
    List<Link> now;
    synchronized (links) {
      now = new ArrayList<>(links);
      links.clear();
    }
    for (Link link : now) {
      link.cut = true;
      link.client.close();
      link.upstream.close();
    }
    dropUpstream = false;
    dropDownstream = false;
  }

  public Future<Void> close() {
    cut();
    return server.close();
  }
}
