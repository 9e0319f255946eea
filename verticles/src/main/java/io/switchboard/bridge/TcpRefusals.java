package io.switchboard.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.internal.net.NetSocketInternal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On each TCP bridge connection, in front of the socket's writes: lets {@link BridgeGuard} answer a refused request
 * itself, at its reply address with the status and error body ({@link #answer}), and then drops the bridge's own
 * answer to the same refusal, an address-less {@code {"type":"err","message":"blocked by bridgeEvent handler"}} that
 * would otherwise follow (and make a client that fails its oldest pending request on an address-less err fail the
 * wrong one). The TCP bridge reads a frame's address before the guard runs, so it cannot be rerouted to
 * {@link BridgeAddresses#REFUSED} as on SockJS.
 */
final class TcpRefusals extends ChannelOutboundHandlerAdapter {

  static final String NAME = "switchboard-refusals";
  private static final String BRIDGE_REFUSAL = "blocked by bridgeEvent handler";

  /** Refusals answered here whose bridge answer is still to come. */
  private final AtomicInteger answered = new AtomicInteger();

  /** Writes the refusal frame on this connection; the bridge's word for it, which follows, is dropped. */
  static void answer(NetSocket socket, JsonObject frame) {
    if (socket instanceof NetSocketInternal internal
      && internal.channelHandlerContext().pipeline().get(NAME) instanceof TcpRefusals refusals) {
      refusals.answered.incrementAndGet();
    }
    socket.write(TcpBridgeVerticle.frame(frame));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (answered.get() > 0 && msg instanceof ByteBuf buf && isBridgeRefusal(buf) && answered.decrementAndGet() >= 0) {
      buf.release();
      promise.setSuccess();
      return;
    }
    ctx.write(msg, promise);
  }

  private static boolean isBridgeRefusal(ByteBuf buf) {
    if (buf.readableBytes() < 4 || buf.readableBytes() > 256) {
      return false;
    }
    String text = buf.toString(buf.readerIndex() + 4, buf.readableBytes() - 4, StandardCharsets.UTF_8);
    try {
      JsonObject frame = new JsonObject(text);
      return "err".equals(frame.getString("type")) && BRIDGE_REFUSAL.equals(frame.getString("message"))
        && !frame.containsKey("address");
    } catch (RuntimeException e) {
      return false;
    }
  }
}
