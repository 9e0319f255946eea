package io.switchboard.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks every frame of a TCP bridge connection before Vert.x's bridge parses it, on the raw bytes: a length prefix
 * over the limit is refused before its bytes are read (err frame, close); a frame that is not a JSON object, or whose
 * {@code type} or {@code address} is missing or unknown, gets an {@code err} frame saying why and goes no further
 * (Vert.x's bridge answered such frames with nothing, logged a stack trace each, and stopped answering the
 * connection). After {@link #MAX_BAD_FRAMES} bad frames the connection is closed with a last err frame. Good frames
 * pass on unchanged.
 */
final class TcpFrameCheck extends ChannelInboundHandlerAdapter {

  /** Bad frames a connection may send before it is closed. */
  static final int MAX_BAD_FRAMES = 20;
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  private final int max;
  private final Consumer<String> refused;
  private final Consumer<String> bad;
  private ByteBuf pending;
  private int badFrames;
  private boolean closed;

  /**
   * @param refused told the reason of an oversized frame (before the connection closes)
   * @param bad told the reason of each bad frame (a client error: for rate-limited logging, never a stack trace)
   */
  TcpFrameCheck(int max, Consumer<String> refused, Consumer<String> bad) {
    this.max = max;
    this.refused = refused;
    this.bad = bad;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    pending = pending == null ? buf : Unpooled.wrappedBuffer(pending, buf);
    while (!closed && pending.readableBytes() >= 4) {
      long length = pending.getUnsignedInt(pending.readerIndex());
      if (length > max) {
        String reason = "frame of " + length + " bytes exceeds the limit of " + max + " bytes ("
          + TcpBridgeVerticle.MAX_FRAME_BYTES + ")";
        refused.accept(reason);
        close(ctx, reason);
        return;
      }
      if (pending.readableBytes() < 4 + length) {
        break;
      }
      ByteBuf frame = pending.readRetainedSlice(4 + (int) length);
      String problem = problem(frame.toString(frame.readerIndex() + 4, (int) length, StandardCharsets.UTF_8));
      if (problem == null) {
        ctx.fireChannelRead(frame);
        continue;
      }
      frame.release();
      bad.accept(problem);
      if (++badFrames >= MAX_BAD_FRAMES) {
        close(ctx, problem + "; closing after " + MAX_BAD_FRAMES + " bad frames");
        return;
      }
      ctx.writeAndFlush(err(problem));
    }
    if (pending != null && !pending.isReadable()) {
      pending.release();
      pending = null;
    } else if (pending != null) {
      pending.discardSomeReadBytes();
    }
  }

  /** Null if the bridge can handle this frame, else what is wrong with it. */
  static String problem(String json) {
    JsonObject frame;
    try {
      frame = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      return "malformed frame: not a JSON object";
    }
    if (!(frame.getValue("type") instanceof String type)) {
      return "malformed frame: type is missing (send, publish, register, unregister or ping)";
    }
    if (!TYPES.contains(type)) {
      return "malformed frame: unknown type (send, publish, register, unregister or ping)";
    }
    if (!type.equals("ping") && !(frame.getValue("address") instanceof String address && !address.isEmpty())) {
      return "malformed frame: a " + type + " frame needs an address";
    }
    Object headers = frame.getValue("headers");
    if (headers != null && !(headers instanceof JsonObject)) {
      return "malformed frame: headers must be an object";
    }
    String bad = io.switchboard.protocol.Unicode.problemIn(frame, "");
    if (bad != null) {
      return "malformed frame: " + io.switchboard.protocol.Unicode.refusal(bad);
    }
    Object replyAddress = frame.getValue("replyAddress");
    if (replyAddress != null && !(replyAddress instanceof String)) {
      return "malformed frame: replyAddress must be a string";
    }
    return null;
  }

  private void close(ChannelHandlerContext ctx, String reason) {
    closed = true;
    if (pending != null) {
      pending.release();
      pending = null;
    }
    ctx.writeAndFlush(err(reason)).addListener(f -> ctx.close());
  }

  private static ByteBuf err(String message) {
    return Unpooled.wrappedBuffer(TcpBridgeVerticle.errFrame(message).getBytes());
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }
}
