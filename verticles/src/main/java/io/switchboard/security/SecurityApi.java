package io.switchboard.security;

/**
 * Event-bus addresses of the security service (documented in docs/event-bus.md). Both are local consumers:
 * each node writes its own audit log and signs with its own keys.
 */
public final class SecurityApi {

  /**
   * Fire-and-forget: a JSON audit entry {@code {"ts":..,"event":..,...}}; the security verticle adds
   * {@code node} and appends it as one line.
   */
  public static final String AUDIT = "switchboard.security.audit";

  /**
   * Request {@code {"sub":"alice","roles":["user"],"ttlSeconds":3600}}; reply
   * {@code {"token":..,"tokenType":"Bearer","expiresIn":3600}}. Only served when development tokens are enabled.
   */
  public static final String ISSUE_TOKEN = "switchboard.security.issue-token";

  private SecurityApi() {
  }
}
