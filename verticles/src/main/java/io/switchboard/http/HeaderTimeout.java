package io.switchboard.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.TimeUnit;

/**
 * A connection must deliver its first request's headers within a time limit, on every HTTP port (REST and the
 * WebSocket gateway), or it gets 408 and is closed. Vert.x's idle timeout alone does not do it: a client sending one
 * byte a second is never idle, and 1,000 such connections were kept open for as long as they liked. Later requests on
 * a kept-alive connection are bounded by the server's idle timeout.
 */
public final class HeaderTimeout extends ChannelInboundHandlerAdapter {

  private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final long millis;
  private ScheduledFuture<?> timer;

  private HeaderTimeout(long millis) {
    this.millis = millis;
  }

  /** Call from the server's connection handler. */
  public static void install(HttpConnection connection, long millis) {
    if (connection instanceof ConnectionBase base && millis > 0) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      if (pipeline.get("handler") != null) {
        pipeline.addBefore("handler", "switchboard-header-timeout", new HeaderTimeout(millis));
      }
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // Written as bytes at the head of the pipeline: the response encoders and compressor expect a request first.
    timer = ctx.executor().schedule(() -> ctx.pipeline().firstContext().writeAndFlush(Unpooled.copiedBuffer(TIMEOUT))
      .addListener(ChannelFutureListener.CLOSE), millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      timer.cancel(false);
      ctx.pipeline().remove(this);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
