package io.switchboard.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.cluster.NodeLifecycle;
import io.switchboard.security.Audit;
import io.switchboard.security.JwtKeys;
import io.switchboard.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.ext.eventbus.bridge.tcp.impl.TcpEventBusBridgeImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The TCP event-bus bridge ({@code tcp://127.0.0.1:7000}) for programs in any language: Vert.x's standard framing,
 * a 4-byte big-endian length then that many bytes of UTF-8 JSON ({@code {type, address, headers?, body?,
 * replyAddress?}}), the addresses of {@link BridgeAddresses}, checked by the same {@link BridgeGuard} as the SockJS
 * bridge. Limits: connections idle for {@link #IDLE_TIMEOUT} seconds are closed (a {@code ping} frame keeps one
 * alive); every frame is checked first ({@link TcpFrameCheck}): one whose length prefix exceeds
 * {@link #MAX_FRAME_BYTES} is refused before it is read, with an {@code err} frame, and the connection closed; a
 * malformed one gets an {@code err} frame with the reason, and the connection goes on. TLS when a PEM key and
 * certificate are configured.
 */
public class TcpBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  public static final String ENABLED = "bridge.tcp.enabled";
  public static final String HOST = "bridge.tcp.host";
  public static final String PORT = "bridge.tcp.port";
  public static final String IDLE_TIMEOUT = "bridge.tcp.idle-timeout-seconds";
  public static final String MAX_FRAME_BYTES = "bridge.tcp.max-frame-bytes";
  public static final String TLS_KEY_FILE = "bridge.tcp.tls.key-file";
  public static final String TLS_CERT_FILE = "bridge.tcp.tls.cert-file";

  private TcpEventBusBridge bridge;
  private BridgeGuard guard;
  private final Map<NetSocket, Boolean> tracked = new ConcurrentHashMap<>();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    int maxFrame = config.getInteger(MAX_FRAME_BYTES, 1_048_576);
    if (maxFrame < 1024) {
      return Future.failedFuture(MAX_FRAME_BYTES + " must be at least 1024, got " + maxFrame);
    }
    NetServerOptions net = new NetServerOptions()
      .setHost(config.getString(HOST, "127.0.0.1"))
      .setPort(config.getInteger(PORT, 7000))
      .setIdleTimeout(config.getInteger(IDLE_TIMEOUT, 120))
      .setIdleTimeoutUnit(TimeUnit.SECONDS);
    String key = config.getString(TLS_KEY_FILE, "");
    String cert = config.getString(TLS_CERT_FILE, "");
    if (key.isEmpty() != cert.isEmpty()) {
      return Future.failedFuture("TLS of the TCP bridge needs both " + TLS_KEY_FILE + " and " + TLS_CERT_FILE);
    }
    if (!key.isEmpty()) {
      net.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setKeyPath(key).setCertPath(cert));
    }
    BridgeOptions options = new BridgeOptions();
    BridgeGuard.inboundRegexes().forEach(r -> options.addInboundPermitted(new PermittedOptions().setAddressRegex((String) r)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex("switchboard\\.bridge\\..+"));
    return JwtKeys.load(vertx, config).compose(jwt -> {
      guard = new BridgeGuard(vertx, new TokenVerifier(jwt, config), config, "tcp", (socket, reason) -> {
        NetSocket expired = (NetSocket) socket;
        expired.write(errFrame(reason)).onComplete(v -> expired.close());
      }, (socket, refusal) -> TcpRefusals.answer((NetSocket) socket, refusal));
      bridge = TcpEventBusBridge.create(vertx, options, net, event -> {
        NetSocket socket = event.socket();
        // The TCP bridge has no socket-created/closed events: forget the connection's identity when it closes.
        if (tracked.putIfAbsent(socket, Boolean.TRUE) == null) {
          socket.closeHandler(v -> {
            tracked.remove(socket);
            guard.closed(socket);
          });
        }
        guard.handle(socket, event);
      });
      limitFrames(bridge, maxFrame);
      return bridge.listen();
    }).onSuccess(b -> {
      NodeLifecycle.get(vertx).edgeStarted();
      LOG.info("TCP event-bus bridge on {}{}:{}", net.isSsl() ? "tls://" : "tcp://", net.getHost(), net.getPort());
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = bridge == null ? Future.succeededFuture() : bridge.close();
    tracked.keySet().forEach(NetSocket::close);
    return closed.eventually(() -> {
      if (bridge != null) {
        NodeLifecycle.get(vertx).edgeDrained();
      }
      return Future.succeededFuture();
    });
  }

  /**
   * A client's bad frame is the client's error: one INFO line at most per second for the whole bridge, never a stack
   * trace (2,000 bad frames used to add 6.7 MB of SEVERE traces to the log in 3 s).
   */
  private void badFrame(String reason) {
    long now = System.currentTimeMillis();
    long last = lastBadFrameLog.get();
    long skipped = badFramesUnlogged.incrementAndGet();
    if (now - last >= 1000 && lastBadFrameLog.compareAndSet(last, now)) {
      badFramesUnlogged.set(0);
      LOG.info("TCP bridge: bad frame refused ({}); {} bad frame(s) in the last interval", reason, skipped);
    }
  }

  private final java.util.concurrent.atomic.AtomicLong lastBadFrameLog = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong badFramesUnlogged = new java.util.concurrent.atomic.AtomicLong();

  /** A bridge {@code err} frame: 4-byte length, then the JSON. */
  static io.vertx.core.buffer.Buffer errFrame(String message) {
    return frame(new JsonObject().put("type", "err").put("message", message));
  }

  /** A frame of the bridge's wire format: 4-byte big-endian length, then the JSON in UTF-8. */
  static io.vertx.core.buffer.Buffer frame(JsonObject json) {
    byte[] bytes = json.encode().getBytes(StandardCharsets.UTF_8);
    return io.vertx.core.buffer.Buffer.buffer(4 + bytes.length).appendInt(bytes.length).appendBytes(bytes);
  }

  /**
   * Puts a length check in front of the bridge's frame parser on every connection. The bridge accumulates a frame
   * of whatever length its prefix announces, so the check must run on the raw bytes, before the parser: a small
   * Netty handler follows the length prefixes and, on one over the limit, answers with an {@code err} frame and
   * closes. The bridge offers no hook for it, so its (private) server's connect handler is wrapped.
   */
  private void limitFrames(TcpEventBusBridge bridge, int maxFrame) {
    NetServer server;
    try {
      java.lang.reflect.Field f = TcpEventBusBridgeImpl.class.getDeclaredField("server");
      f.setAccessible(true);
      server = (NetServer) f.get(bridge);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot enforce " + MAX_FRAME_BYTES + " on this version of the TCP bridge", e);
    }
    Handler<NetSocket> original = server.connectHandler();
    server.connectHandler(socket -> {
      if (socket instanceof NetSocketInternal internal) {
        ChannelHandlerContext ctx = internal.channelHandlerContext();
        ctx.pipeline().addBefore(ctx.name(), TcpRefusals.NAME, new TcpRefusals());
        ctx.pipeline().addBefore(ctx.name(), "switchboard-frame-check", new TcpFrameCheck(maxFrame,
          reason -> Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("transport", "tcp")
            .put("action", "bridge.frame").put("reason", reason)), this::badFrame));
      }
      original.handle(socket);
    });
  }
}
