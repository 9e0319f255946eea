package io.switchboard.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Who is calling, as a verified token says: the subject, its roles, and its {@code topics} claim when the token has
 * one (null otherwise: the configured default permissions apply). It travels with bus requests as JSON
 * ({@link #toJson}) so that services, on any node, decide on the same facts the edge verified.
 */
public record Principal(String subject, Set<String> roles, JsonObject topics) {

  public Principal(String subject, Set<String> roles) {
    this(subject, roles, null);
  }

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
    JsonObject json = new JsonObject().put("sub", subject).put("roles", new JsonArray(List.copyOf(roles)));
    return topics == null ? json : json.put("topics", topics.copy());
  }

  public static Principal fromJson(JsonObject json) {
    if (json == null || json.getString("sub") == null) {
      throw new IllegalArgumentException("principal missing");
    }
    JsonArray roles = json.getJsonArray("roles", new JsonArray());
    return new Principal(json.getString("sub"), Set.copyOf(roles.stream().map(String::valueOf).toList()),
      json.getValue("topics") instanceof JsonObject t ? t : null);
  }
}
