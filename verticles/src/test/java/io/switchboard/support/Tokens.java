package io.switchboard.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Mints tokens for tests, good and bad, the way an identity provider (or an attacker) would. */
public final class Tokens {

  private final JWTAuth jwt;

  public Tokens(Vertx vertx, String secret) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  public Tokens(JWTAuth jwt) {
    this.jwt = jwt;
  }

  /** A valid token for {@code sub} with {@code roles}, issuer and audience "switchboard", one hour. */
  public String token(String sub, String... roles) {
    return sign(claims(sub, roles), "HS256");
  }

  public String sign(JsonObject claims, String algorithm) {
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true));
  }

  public static JsonObject claims(String sub, String... roles) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", sub).put("roles", new JsonArray(List.of((Object[]) roles)))
      .put("iss", "switchboard").put("aud", "switchboard").put("iat", now).put("exp", now + 3600);
  }

  /** An unsigned token ({@code alg: none}) carrying otherwise valid claims. */
  public static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
      + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }
}
