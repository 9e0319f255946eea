package io.switchboard.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Bounds what a WebSocket connection may make the server inflate, and closes with a reason instead of dropping.
 *
 * <p>Vert.x installs permessage-deflate with no bound on the inflated size, and applies its message limits after
 * inflating: ~128 KB on the wire became a 128 MB message before any limit was checked. {@link #install} replaces
 * Vert.x's extension handler on each new connection with the same extensions and a {@code maxAllocation}, so Netty
 * stops inflating at the limit of the path upgraded ({@code ws.max-frame-bytes} for /ws, {@code mcp.max-message-bytes}
 * for /mcp); and it puts a handler behind the decoders that turns their refusals
 * (inflated too large, frame over the ceiling) into a close frame with the status and a reason (1009), where the
 * connection used to end with no close frame at all (1006 for the client).
 */
final class InflateLimit extends ChannelInboundHandlerAdapter {

  /** Vert.x's name for the extension handler, and the handler its WebSocket code sits in. */
  private static final String VERTX_EXTENSIONS = "webSocketExtensionHandler";
  private static final String VERTX_HANDLER = "handler";

  private final String mcpPath;
  private final int mcpLimit;
  private final int wsLimit;
  /** The limit of the path this connection's upgrade asked for (set as its request goes by). */
  private volatile int maxInflatedBytes;

  private InflateLimit(String mcpPath, int mcpLimit, int wsLimit) {
    this.mcpPath = mcpPath;
    this.mcpLimit = mcpLimit;
    this.wsLimit = wsLimit;
    this.maxInflatedBytes = Math.max(mcpLimit, wsLimit);
  }

  /**
   * Call from the server's connection handler, before any request of the connection is read. A connection
   * upgraded on {@code mcpPath} inflates at most {@code mcpLimit} bytes a message, any other at most {@code wsLimit}.
   */
  static void install(HttpConnection connection, HttpServerOptions options, String mcpPath, int mcpLimit, int wsLimit) {
    if (!(connection instanceof ConnectionBase base)) {
      return; // HTTP/2 or another implementation: no WebSocket upgrade on it
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    InflateLimit limit = new InflateLimit(mcpPath, mcpLimit, wsLimit);
    if (pipeline.get(VERTX_EXTENSIONS) != null) {
      int level = options.getWebSocketCompressionLevel();
      // Built at the upgrade, once the request's path (hence the limit) is known.
      WebSocketServerExtensionHandshaker perMessage = data -> new PerMessageDeflateServerExtensionHandshaker(level,
        ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
        options.getWebSocketAllowServerNoContext(), options.getWebSocketPreferredClientNoContext(), limit.maxInflatedBytes)
        .handshakeExtension(data);
      WebSocketServerExtensionHandshaker perFrame = data -> new DeflateFrameServerExtensionHandshaker(level,
        limit.maxInflatedBytes).handshakeExtension(data);
      pipeline.replace(VERTX_EXTENSIONS, VERTX_EXTENSIONS, new WebSocketServerExtensionHandler(perMessage, perFrame));
      pipeline.addBefore(VERTX_EXTENSIONS, "switchboard-request-path", new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof HttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            limit.maxInflatedBytes = path.equals(limit.mcpPath) ? limit.mcpLimit : limit.wsLimit;
          }
          ctx.fireChannelRead(msg);
        }
      });
    }
    if (pipeline.get(VERTX_HANDLER) != null) {
      pipeline.addBefore(VERTX_HANDLER, "switchboard-inflate-limit", limit);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    WebSocketCloseStatus status;
    String reason;
    if (cause instanceof DecompressionException || cause.getCause() instanceof DecompressionException) {
      status = WebSocketCloseStatus.MESSAGE_TOO_BIG;
      reason = "message exceeds the limit of " + maxInflatedBytes + " bytes after decompression";
    } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      status = corrupted.closeStatus();
      reason = status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
        ? "frame exceeds the limit of " + WsSettings.FRAME_CEILING + " bytes" : "protocol error: " + corrupted.getMessage();
    } else {
      ctx.fireExceptionCaught(cause);
      return;
    }
    if (reason.length() > 120) {
      reason = reason.substring(0, 120); // a close frame's reason must fit in 123 bytes
    }
    ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }
}
