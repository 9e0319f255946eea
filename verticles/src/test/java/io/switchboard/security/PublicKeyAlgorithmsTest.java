package io.switchboard.security;

import io.switchboard.support.Rest;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Nodes verifying with public keys: RS256 from a PEM file and ES256 from a JWKS file. Tokens signed with the
 * matching private key are accepted; an HS256 token whose HMAC key is the RSA public key (algorithm confusion)
 * and unsigned tokens are refused.
 */
@ExtendWith(VertxExtension.class)
class PublicKeyAlgorithmsTest {

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }

  @Test
  void rs256FromPublicKeyFileRefusesAlgorithmConfusion(Vertx vertx, VertxTestContext ctx) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair keys = gen.generateKeyPair();
    String publicPem = pem("PUBLIC KEY", keys.getPublic().getEncoded());
    Path publicFile = Files.createTempFile("rs256", ".pem");
    Files.writeString(publicFile, publicPem);

    Tokens idp = new Tokens(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded())))));
    // The attacker knows the public key and uses its PEM text as an HMAC secret.
    Tokens confused = new Tokens(vertx, publicPem);

    int port = TestNodes.freePort();
    JsonObject config = TestNodes.config(port).put("auth.jwt.secret", "").put("auth.jwt.public-key-file", publicFile.toString());
    Rest rest = new Rest(vertx, port);
    TestNodes.deploy(vertx, config)
      .compose(id -> rest.get("/api/sessions", idp.sign(Tokens.claims("alice", "user"), "RS256")))
      .compose(ok -> {
        ctx.verify(() -> assertEquals(200, ok.statusCode(), ok.bodyAsString()));
        return rest.get("/api/sessions", confused.sign(Tokens.claims("mallory", "admin"), "HS256"));
      })
      .compose(confusion -> {
        ctx.verify(() -> {
          assertEquals(401, confusion.statusCode());
          assertEquals("token algorithm not accepted", confusion.bodyAsJsonObject().getJsonObject("error").getString("message"));
        });
        return rest.get("/api/sessions", Tokens.unsigned(Tokens.claims("mallory", "admin")));
      })
      .onComplete(ctx.succeeding(none -> ctx.verify(() -> {
        assertEquals(401, none.statusCode());
        rest.close();
        ctx.completeNow();
      })));
  }

  @Test
  void es256FromJwksFile(Vertx vertx, VertxTestContext ctx) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = gen.generateKeyPair();
    ECPublicKey pub = (ECPublicKey) keys.getPublic();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject jwk = new JsonObject().put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("use", "sig")
      .put("kid", "test-key")
      .put("x", b64.encodeToString(unsigned32(pub.getW().getAffineX())))
      .put("y", b64.encodeToString(unsigned32(pub.getW().getAffineY())));
    Path jwks = Files.createTempFile("jwks", ".json");
    Files.writeString(jwks, new JsonObject().put("keys", new JsonArray().add(jwk)).encode());

    Tokens idp = new Tokens(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setId("test-key").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded())))));
    int port = TestNodes.freePort();
    Rest rest = new Rest(vertx, port);
    TestNodes.deploy(vertx, TestNodes.config(port).put("auth.jwt.secret", "").put("auth.jwt.jwks-file", jwks.toString()))
      .compose(id -> rest.get("/api/sessions", idp.sign(Tokens.claims("alice", "user"), "ES256")))
      .compose(ok -> {
        ctx.verify(() -> assertEquals(200, ok.statusCode(), ok.bodyAsString()));
        return rest.get("/api/sessions", new Tokens(vertx, TestNodes.SECRET).token("mallory", "admin"));
      })
      .onComplete(ctx.succeeding(hs256 -> ctx.verify(() -> {
        assertEquals(401, hs256.statusCode(), "a JWKS-only node accepts no HS256 token");
        rest.close();
        ctx.completeNow();
      })));
  }

  private static byte[] unsigned32(BigInteger n) {
    byte[] raw = n.toByteArray();
    if (raw.length == 32) {
      return raw;
    }
    byte[] out = new byte[32];
    if (raw.length > 32) {
      System.arraycopy(raw, raw.length - 32, out, 0, 32);
    } else {
      System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
    }
    return out;
  }
}
