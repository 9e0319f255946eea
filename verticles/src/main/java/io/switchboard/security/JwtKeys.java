package io.switchboard.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code auth.jwt.*} settings into a {@link JWTAuth}. Only the configured algorithms are accepted:
 * a token whose header names another algorithm (including {@code none}, or HS256 signed with an RSA public
 * key, the classic algorithm-confusion attack) finds no key and is refused.
 */
public final class JwtKeys {

  private JwtKeys() {
  }

  /** Reads the key files (asynchronously) and builds the provider. */
  public static Future<JWTAuth> load(Vertx vertx, JsonObject config) {
    List<Future<?>> reads = new ArrayList<>();
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions(config));
    String secret = config.getString(SecurityConfig.JWT_SECRET, "");
    if (!secret.isEmpty()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
    }
    String algorithm = config.getString(SecurityConfig.JWT_PUBLIC_KEY_ALGORITHM, "RS256");
    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      return Future.failedFuture(SecurityConfig.JWT_PUBLIC_KEY_ALGORITHM + " must be RS256 or ES256, not " + algorithm);
    }
    String publicKey = config.getString(SecurityConfig.JWT_PUBLIC_KEY_FILE, "");
    if (!publicKey.isEmpty()) {
      reads.add(read(vertx, publicKey).onSuccess(pem ->
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem))));
    }
    String privateKey = config.getString(SecurityConfig.JWT_PRIVATE_KEY_FILE, "");
    if (!privateKey.isEmpty()) {
      reads.add(read(vertx, privateKey).onSuccess(pem ->
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem))));
    }
    String jwks = config.getString(SecurityConfig.JWT_JWKS_FILE, "");
    if (!jwks.isEmpty()) {
      reads.add(read(vertx, jwks).map(JsonObject::new).onSuccess(set -> {
        JsonArray keys = set.getJsonArray("keys", new JsonArray());
        keys.stream().map(JsonObject.class::cast).forEach(options::addJwk);
      }));
    }
    return Future.all(reads).compose(ignored -> {
      boolean noKeys = options.getPubSecKeys() == null || options.getPubSecKeys().isEmpty();
      if (noKeys && (options.getJwks() == null || options.getJwks().isEmpty())) {
        return Future.failedFuture("no JWT key configured: set " + SecurityConfig.JWT_SECRET + ", "
          + SecurityConfig.JWT_PUBLIC_KEY_FILE + " or " + SecurityConfig.JWT_JWKS_FILE);
      }
      return Future.succeededFuture(JWTAuth.create(vertx, options));
    });
  }

  /** True when tokens can be signed here: an HS256 secret or a private key is configured. */
  public static boolean canSign(JsonObject config) {
    return !config.getString(SecurityConfig.JWT_SECRET, "").isEmpty()
      || !config.getString(SecurityConfig.JWT_PRIVATE_KEY_FILE, "").isEmpty();
  }

  /** The algorithm this node signs with. */
  public static String signingAlgorithm(JsonObject config) {
    return config.getString(SecurityConfig.JWT_SECRET, "").isEmpty()
      ? config.getString(SecurityConfig.JWT_PUBLIC_KEY_ALGORITHM, "RS256") : "HS256";
  }

  static JWTOptions jwtOptions(JsonObject config) {
    JWTOptions options = new JWTOptions().setLeeway(config.getInteger(SecurityConfig.JWT_LEEWAY_SECONDS, 5));
    String issuer = config.getString(SecurityConfig.JWT_ISSUER, "");
    if (!issuer.isEmpty()) {
      options.setIssuer(issuer);
    }
    String audience = config.getString(SecurityConfig.JWT_AUDIENCE, "");
    if (!audience.isEmpty()) {
      options.setAudience(List.of(audience));
    }
    return options;
  }

  private static Future<String> read(Vertx vertx, String path) {
    return vertx.fileSystem().readFile(path)
      .map(buffer -> buffer.toString())
      .recover(err -> Future.failedFuture("cannot read key file " + path + ": " + err.getMessage()));
  }
}
