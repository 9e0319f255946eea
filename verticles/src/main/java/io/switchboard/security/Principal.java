package io.switchboard.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, as a verified token says: the subject and its roles. It travels with bus requests as JSON
 * ({@link #toJson}) so that services decide on the same facts the edge verified.
 */
public record Principal(String subject, Set<String> roles) {

  public static final String ROLE_ADMIN = "admin";
  public static final String ROLE_USER = "user";
  public static final String ROLE_VIEWER = "viewer";

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return roles.contains(ROLE_ADMIN);
  }

  public JsonObject toJson() {
    return new JsonObject().put("sub", subject).put("roles", new JsonArray(List.copyOf(roles)));
  }

  public static Principal fromJson(JsonObject json) {
    if (json == null || json.getString("sub") == null) {
      throw new IllegalArgumentException("principal missing");
    }
    JsonArray roles = json.getJsonArray("roles", new JsonArray());
    return new Principal(json.getString("sub"), Set.copyOf(roles.stream().map(String::valueOf).toList()));
  }
}
