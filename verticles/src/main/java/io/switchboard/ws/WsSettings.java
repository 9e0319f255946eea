package io.switchboard.ws;

import io.switchboard.protocol.Limits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The WebSocket gateway's settings (keys and defaults in docs/configuration.md), validated at start. */
record WsSettings(String host, int port, int instances, String path, JsonArray allowedOrigins, boolean compression,
                  int maxFrameBytes, int maxBatch, int maxSubscriptions, int publishPerSecond, int publishBurst,
                  int abuseCloseAfter, long heartbeatMs, long idleTimeoutMs,
                  int outboundMaxMessages, long outboundMaxBytes, long slowConsumerMs, long reorderWaitMs) {

  public static final String HOST = "ws.host";
  public static final String PORT = "ws.port";
  public static final String INSTANCES = "ws.instances";
  public static final String PATH = "ws.path";
  public static final String ALLOWED_ORIGINS = "ws.allowed-origins";
  public static final String COMPRESSION = "ws.compression";
  public static final String MAX_FRAME_BYTES = "ws.max-frame-bytes";
  public static final String MAX_BATCH = "ws.max-batch";
  public static final String MAX_SUBSCRIPTIONS = "ws.max-subscriptions";
  public static final String PUBLISH_PER_SECOND = "ws.rate-limit.publish-per-second";
  public static final String PUBLISH_BURST = "ws.rate-limit.publish-burst";
  public static final String ABUSE_CLOSE_AFTER = "ws.rate-limit.close-after-rejections";
  public static final String HEARTBEAT_MS = "ws.heartbeat-ms";
  public static final String IDLE_TIMEOUT_MS = "ws.idle-timeout-ms";
  public static final String OUTBOUND_MAX_MESSAGES = "ws.outbound.max-messages";
  public static final String OUTBOUND_MAX_BYTES = "ws.outbound.max-bytes";
  public static final String SLOW_CONSUMER_MS = "ws.outbound.slow-consumer-ms";
  public static final String REORDER_WAIT_MS = "ws.reorder-wait-ms";

  /** The largest frame a node accepts, whatever the configuration says. */
  public static final int FRAME_CEILING = 10 * 1024 * 1024;

  static WsSettings from(JsonObject c) {
    int maxFrame = c.getInteger(MAX_FRAME_BYTES);
    if (maxFrame < 1024 || maxFrame > FRAME_CEILING) {
      throw new IllegalArgumentException(MAX_FRAME_BYTES + " must be between 1024 and " + FRAME_CEILING + ", not " + maxFrame);
    }
    return new WsSettings(c.getString(HOST), c.getInteger(PORT), c.getInteger(INSTANCES), c.getString(PATH),
      c.getJsonArray(ALLOWED_ORIGINS), c.getBoolean(COMPRESSION), maxFrame, c.getInteger(MAX_BATCH),
      c.getInteger(MAX_SUBSCRIPTIONS), c.getInteger(PUBLISH_PER_SECOND), c.getInteger(PUBLISH_BURST),
      c.getInteger(ABUSE_CLOSE_AFTER), c.getLong(HEARTBEAT_MS),
      c.getLong(IDLE_TIMEOUT_MS), c.getInteger(OUTBOUND_MAX_MESSAGES), c.getLong(OUTBOUND_MAX_BYTES),
      c.getLong(SLOW_CONSUMER_MS), c.getLong(REORDER_WAIT_MS));
  }

  Limits limits() {
    return new Limits(maxFrameBytes, maxBatch, maxSubscriptions, publishPerSecond);
  }

}
