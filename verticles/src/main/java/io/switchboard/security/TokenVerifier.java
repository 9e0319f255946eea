package io.switchboard.security;

import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies bearer tokens where they arrive (the edges), without a bus hop per request. A refusal carries a
 * precise, safe reason ({@code token expired}, {@code token signature invalid}, ...): enough for a client to fix
 * its request, nothing about the keys.
 */
public final class TokenVerifier {

  /** The longest subject accepted: it travels in every bus message and audit line of the connection. */
  static final int MAX_SUBJECT_LENGTH = 256;

  /**
   * Tokens verified recently, by their exact text (signature included), so that a client sending the same token on
   * every request (MCP over HTTP, REST) is not re-verified each time: HMAC/RSA verification and claim decoding were
   * ~8 % of a node answering MCP tool calls. An entry is served until the token's expiry or {@value #CACHE_MILLIS} ms
   * after its verification, whichever is first, so nothing is accepted that the full check would refuse at that time
   * (keys are loaded once per process). Bounded: past {@value #CACHE_ENTRIES} entries the cache starts over.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Cached> recent = new java.util.concurrent.ConcurrentHashMap<>();
  static final int CACHE_ENTRIES = 10_000;
  static final long CACHE_MILLIS = 60_000;

  private record Cached(Verified verified, long until) {
  }

  private final JWTAuth jwt;
  private final String rolesClaim;
  private final Set<String> defaultRoles;
  private final long maxLifetimeSeconds;

  public TokenVerifier(JWTAuth jwt, JsonObject config) {
    this.jwt = jwt;
    this.maxLifetimeSeconds = config.getLong(SecurityConfig.JWT_MAX_LIFETIME_SECONDS, 86_400L);
    this.rolesClaim = config.getString(SecurityConfig.ROLES_CLAIM, "roles");
    this.defaultRoles = Set.copyOf(config.getJsonArray(SecurityConfig.DEFAULT_ROLES, new JsonArray())
      .stream().map(String::valueOf).toList());
  }

  /**
   * A verified token: the principal (with the claims edges decide on: roles, topic permissions), and when it expires
   * (epoch milliseconds): a connection opened with it is served until then, never after.
   */
  public record Verified(Principal principal, long expiresAtMillis) {
  }

  public Future<Principal> verify(String token) {
    return verifyWithClaims(token).map(Verified::principal);
  }

  public Future<Verified> verifyWithClaims(String token) {
    if (token != null) {
      Cached cached = recent.get(token);
      if (cached != null) {
        if (System.currentTimeMillis() < cached.until()) {
          return Future.succeededFuture(cached.verified());
        }
        recent.remove(token, cached);
      }
    }
    return verifyFully(token).onSuccess(v -> remember(token, v));
  }

  private void remember(String token, Verified v) {
    if (recent.size() >= CACHE_ENTRIES) {
      recent.clear();
    }
    recent.put(token, new Cached(v, Math.min(System.currentTimeMillis() + CACHE_MILLIS, v.expiresAtMillis())));
  }

  private Future<Verified> verifyFully(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ServiceError(ErrorCode.UNAUTHORIZED, "a bearer token is required"));
    }
    Future<io.vertx.ext.auth.User> authenticated;
    try {
      authenticated = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      authenticated = Future.failedFuture(e);
    }
    return authenticated
      .recover(err -> Future.failedFuture(new ServiceError(ErrorCode.INVALID_TOKEN, refusal(token, err))))
      .compose(user -> {
        try {
          return Future.succeededFuture(verified(user.principal(), expiry(user)));
        } catch (ServiceError e) {
          return Future.failedFuture(e);
        }
      });
  }

  /**
   * Why the library refused a token. The JWT library assumes numeric time claims: a string "exp" made it throw
   * instead of failing (HTTP 500, hung handshakes), so a refusal first looks at the time claims' types (decoding the
   * claims without verification, only here: an accepted token's claims are the library's, checked in
   * {@link #verified}), then maps the library's message.
   */
  private static String refusal(String token, Throwable err) {
    String typeError = timeClaimTypeError(unverifiedClaims(token));
    return typeError != null ? typeError : reason(token, err.getMessage());
  }

  /** The checks the JWT library does not make: a string subject, a required and bounded expiry. */
  private Verified verified(JsonObject claims, Object expiry) {
    String typeError = timeClaimTypeError(claims);
    if (typeError == null && expiry != null && !(expiry instanceof Number)) {
      typeError = "token claim exp must be a number";
    }
    if (typeError != null) { // a time claim the library let through unread: refused whoever signed it
      throw new ServiceError(ErrorCode.INVALID_TOKEN, typeError);
    }
    if (claims.getValue("sub") == null) {
      throw new ServiceError(ErrorCode.INVALID_TOKEN, "token has no subject (sub)");
    }
    if (!(claims.getValue("sub") instanceof String subject) || subject.isBlank()) {
      throw new ServiceError(ErrorCode.INVALID_TOKEN, "token subject (sub) must be a non-empty string");
    }
    if (subject.length() > MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
      throw new ServiceError(ErrorCode.INVALID_TOKEN, "token subject (sub) must be at most " + MAX_SUBJECT_LENGTH
        + " characters without control characters");
    }
    if (!(expiry instanceof Number exp)) {
      throw new ServiceError(ErrorCode.INVALID_TOKEN, "token has no expiry (exp)");
    }
    long nowSeconds = System.currentTimeMillis() / 1000;
    if (exp.longValue() - nowSeconds > maxLifetimeSeconds) {
      throw new ServiceError(ErrorCode.INVALID_TOKEN, "token lifetime exceeds " + maxLifetimeSeconds + " s ("
        + SecurityConfig.JWT_MAX_LIFETIME_SECONDS + ")");
    }
    JsonObject topics = claims.getValue(io.switchboard.security.TopicPermissions.CLAIM) instanceof JsonObject t ? t : null;
    return new Verified(new Principal(subject, roles(claims), topics), exp.longValue() * 1000);
  }

  /** The library moves {@code exp} from the principal to the user's attributes: look where it is. */
  private static Object expiry(io.vertx.ext.auth.User user) {
    Object exp = user.attributes().getValue("exp");
    if (exp == null) {
      exp = user.principal().getValue("exp");
    }
    if (exp == null && user.attributes().getValue("accessToken") instanceof JsonObject token) {
      exp = token.getValue("exp");
    }
    return exp;
  }

  /** Null if every registered time claim present is a number, else the refusal. */
  static String timeClaimTypeError(JsonObject claims) {
    for (String claim : new String[]{"exp", "nbf", "iat"}) {
      Object value = claims.getValue(claim);
      if (value != null && !(value instanceof Number)) {
        return "token claim " + claim + " must be a number";
      }
    }
    return null;
  }

  private Set<String> roles(JsonObject claims) {
    Object value = claims.getValue(rolesClaim);
    if (value instanceof JsonArray array) {
      Set<String> roles = new HashSet<>();
      array.forEach(r -> roles.add(String.valueOf(r)));
      return Set.copyOf(roles);
    }
    if (value instanceof String s && !s.isBlank()) {
      return Set.of(s.split("[ ,]+"));
    }
    return defaultRoles;
  }

  /** Maps the JWT library's messages onto stable, client-safe reasons. */
  static String reason(String token, String libraryMessage) {
    String m = libraryMessage == null ? "" : libraryMessage.toLowerCase();
    if (m.contains("expired")) {
      // The library reports a future nbf as "expired" too: tell the two apart.
      Long nbf = unverifiedClaims(token).getLong("nbf");
      if (nbf != null && nbf * 1000 > System.currentTimeMillis()) {
        return "token not yet valid (nbf)";
      }
      return "token expired";
    }
    if (m.contains("audience")) {
      return "token audience not accepted";
    }
    if (m.contains("issuer")) {
      return "token issuer not accepted";
    }
    if (m.contains("signature")) {
      return "token signature invalid";
    }
    if (m.contains("none") || m.contains("not signed") || m.contains("algorithm") || m.contains("unsecure")) {
      return "token algorithm not accepted";
    }
    return "token malformed";
  }

  /** The claims segment, decoded without verification: used only to choose an error message. */
  private static JsonObject unverifiedClaims(String token) {
    try {
      if (token.length() > 16_384) {
        return new JsonObject();
      }
      String[] parts = token.split("\\.");
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }
}
