package io.switchboard.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * alive); a frame whose length prefix exceeds {@link #MAX_FRAME_BYTES} is refused before it is read, with an
 * {@code err} frame, and the connection closed. TLS when a PEM key and certificate are configured.
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
      });
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

  /** A bridge {@code err} frame: 4-byte length, then the JSON. */
  static io.vertx.core.buffer.Buffer errFrame(String message) {
    byte[] json = new JsonObject().put("type", "err").put("message", message).encode().getBytes(StandardCharsets.UTF_8);
    return io.vertx.core.buffer.Buffer.buffer(4 + json.length).appendInt(json.length).appendBytes(json);
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
        ctx.pipeline().addBefore(ctx.name(), "switchboard-frame-limit", new FrameLimit(maxFrame));
      }
      original.handle(socket);
    });
  }

  /** Follows the 4-byte length prefixes of the stream; passes bytes through until one announces too much. */
  private final class FrameLimit extends ChannelInboundHandlerAdapter {

    private final int max;
    private final byte[] header = new byte[4];
    private int headerRead;
    private long remaining;
    private boolean refused;

    FrameLimit(int max) {
      this.max = max;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (refused) {
        io.netty.util.ReferenceCountUtil.release(msg);
        return;
      }
      if (!(msg instanceof ByteBuf buf)) {
        ctx.fireChannelRead(msg);
        return;
      }
      int i = buf.readerIndex();
      int end = buf.writerIndex();
      while (i < end) {
        if (remaining > 0) {
          int skip = (int) Math.min(remaining, end - i);
          remaining -= skip;
          i += skip;
          continue;
        }
        header[headerRead++] = buf.getByte(i++);
        if (headerRead == 4) {
          headerRead = 0;
          long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
          if (length > max) {
            refuse(ctx, length);
            buf.release();
            return;
          }
          remaining = length;
        }
      }
      ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, long length) {
      refused = true;
      String reason = "frame of " + length + " bytes exceeds the limit of " + max + " bytes (" + MAX_FRAME_BYTES + ")";
      Audit.record(vertx, Audit.ACCESS_DENIED, new JsonObject().put("transport", "tcp").put("action", "bridge.frame")
        .put("reason", reason));
      byte[] json = new JsonObject().put("type", "err").put("message", reason).encode().getBytes(StandardCharsets.UTF_8);
      ByteBuf frame = Unpooled.buffer(4 + json.length).writeInt(json.length).writeBytes(json);
      ctx.writeAndFlush(frame).addListener(f -> ctx.close());
    }
  }
}
