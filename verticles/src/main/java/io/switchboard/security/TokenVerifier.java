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

  private final JWTAuth jwt;
  private final String rolesClaim;
  private final Set<String> defaultRoles;

  public TokenVerifier(JWTAuth jwt, JsonObject config) {
    this.jwt = jwt;
    this.rolesClaim = config.getString(SecurityConfig.ROLES_CLAIM, "roles");
    this.defaultRoles = Set.copyOf(config.getJsonArray(SecurityConfig.DEFAULT_ROLES, new JsonArray())
      .stream().map(String::valueOf).toList());
  }

  /** A verified token: the principal and every claim (edges read more than roles, e.g. topic permissions). */
  public record Verified(Principal principal, JsonObject claims) {
  }

  public Future<Principal> verify(String token) {
    return verifyWithClaims(token).map(Verified::principal);
  }

  public Future<Verified> verifyWithClaims(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ServiceError(ErrorCode.UNAUTHORIZED, "a bearer token is required"));
    }
    return jwt.authenticate(new TokenCredentials(token))
      .recover(err -> Future.failedFuture(new ServiceError(ErrorCode.INVALID_TOKEN, reason(token, err.getMessage()))))
      .compose(user -> {
        JsonObject claims = user.principal();
        String subject = claims.getString("sub");
        if (subject == null || subject.isBlank()) {
          return Future.failedFuture(new ServiceError(ErrorCode.INVALID_TOKEN, "token has no subject (sub)"));
        }
        return Future.succeededFuture(new Verified(new Principal(subject, roles(claims)), claims));
      });
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
      String[] parts = token.split("\\.");
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }
}
