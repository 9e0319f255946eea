package io.switchboard.bridge;

import io.switchboard.protocol.topic.UserSegment;

/**
 * The event-bus addresses clients of the SockJS and TCP bridges may use (docs/bridges.md). Nothing else of the
 * event bus is reachable from outside.
 *
 * <pre>
 * LOGIN            send {token} -> {user, roles}: authenticates the connection (or put "authorization" in any
 *                  frame's headers, or, for SockJS, the access_token cookie)
 * PUBLISH          send {topic, payload, priority?} -> {topic, epoch, seq, messageId}; topic publish permission
 * TOPIC_PREFIX+t   register: receive every message published to topic t (deliver form); subscribe permission
 * switchboard.sessions  send with header action (create|get|list|update|delete|document|edit|history): the session
 *                  service's API (docs/event-bus.md), the principal being the connection's own
 * switchboard.mcp.registry  send: register MCP tools/resources/prompts whose address is under PROVIDER_PREFIX+user.
 * PROVIDER_PREFIX+segment+".*" register: serve MCP calls (reply with the MCP result); segment = the subject as one
 *                  topic segment ({@link UserSegment}), so one user's namespace never contains another's
 * </pre>
 */
public final class BridgeAddresses {

  public static final String LOGIN = "switchboard.bridge.login";
  public static final String PUBLISH = "switchboard.bridge.publish";
  /** Where {@link BridgeGuard} sends a refused request: its service fails it with the error the frame carries. */
  public static final String REFUSED = "switchboard.bridge.refused";
  public static final String TOPIC_PREFIX = "switchboard.bridge.topic.";
  public static final String PROVIDER_PREFIX = "switchboard.bridge.provider.";

  private BridgeAddresses() {
  }

  /** Where the bridge user {@code subject} may serve MCP calls: the subject as one {@link UserSegment}. */
  public static String providerPrefix(String subject) {
    return PROVIDER_PREFIX + UserSegment.of(subject) + ".";
  }
}
