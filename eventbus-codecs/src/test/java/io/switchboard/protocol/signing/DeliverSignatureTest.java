package io.switchboard.protocol.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.message.Deliver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known vectors computed independently with OpenSSL, e.g.
 * {@code printf 'switchboard.v1\nchat.lobby\n...' | openssl dgst -sha256 -hmac 'switchboard-demo-key'}.
 */
class DeliverSignatureTest {

  private static final DeliverSignature SIGNER =
      new DeliverSignature("switchboard-demo-key".getBytes(StandardCharsets.UTF_8));

  /** The "deliver" example of docs/protocol/websocket.md. */
  private static final Deliver DOC_EXAMPLE = new Deliver("chat.lobby", "k3x9", 43, "m-01JH3Q", "alice",
      1767225600200L, new JsonObject().put("text", "héllo 👋").put("n", 3L));

  @Test
  void documentedExample() {
    assertEquals("switchboard.v1\nchat.lobby\nk3x9\n43\nm-01JH3Q\nalice\n1767225600200\nfalse\n{\"n\":3,\"text\":\"héllo 👋\"}",
        DeliverSignature.canonicalForm(DOC_EXAMPLE));
    assertEquals("862d22b6e6d42d0a0b30c30a6e2496590bc01d66605c67003fe21bf690afe23d", SIGNER.signature(DOC_EXAMPLE));
    assertTrue(SIGNER.verify(SIGNER.sign(DOC_EXAMPLE)));
  }

  @Test
  void e2ePayloadIsSignedAsAJsonString() {
    Deliver d = new Deliver("dm.alice", "k3x9", 7, "m-2", "bob", 1767225600999L, "AESGCM:9f2c", true, null);
    assertEquals("switchboard.v1\ndm.alice\nk3x9\n7\nm-2\nbob\n1767225600999\ntrue\n\"AESGCM:9f2c\"",
        DeliverSignature.canonicalForm(d));
    assertEquals("157ecd8e73ee2f0f5a45ae0d5a750dee70724ed71ac67d92ed5e70a31b5d91e2", SIGNER.signature(d));
  }

  @Test
  void canonicalNumbersKeysAndEscapes() {
    JsonObject payload = new JsonObject()
        .put("z", new JsonObject().put("y", null).put("x", true))
        .put("b\"\\", "\u0001\t")
        .put("a", new JsonArray().add(1.5).add(-0.0).add(1e21).add(0.000001).add(1e-7)
            .add(new BigInteger("18446744073709551615")));
    Deliver d = new Deliver("prices.eurusd", "e1", 9007199254740991L, "m-3", "carol", -5, payload);
    assertEquals("{\"a\":[1.5,0,1e+21,0.000001,1e-7,18446744073709551615],\"b\\\"\\\\\":\"\\u0001\\t\",\"z\":{\"x\":true,\"y\":null}}",
        CanonicalJson.write(payload));
    assertEquals("1181f8c1223b727bec48f3e3809262785a7e3d58654e2b9d074cc8f82481719a", SIGNER.signature(d));
  }

  @Test
  void tamperingIsDetected() {
    Deliver signed = SIGNER.sign(DOC_EXAMPLE);
    assertFalse(SIGNER.verify(new Deliver("chat.lobby", "k3x9", 44, "m-01JH3Q", "alice", 1767225600200L,
        DOC_EXAMPLE.payload(), false, signed.sig())));
    assertFalse(SIGNER.verify(new Deliver("chat.lobby", "k3x9", 43, "m-01JH3Q", "mallory", 1767225600200L,
        DOC_EXAMPLE.payload(), false, signed.sig())));
    assertFalse(SIGNER.verify(DOC_EXAMPLE), "unsigned");
    assertFalse(new DeliverSignature("other".getBytes(StandardCharsets.UTF_8)).verify(signed));
  }

  @Test
  void keyOrderOfThePayloadDoesNotMatter() {
    Deliver ab = new Deliver("t", "e", 1, "m", "u", 0, new JsonObject().put("a", 1).put("b", 2));
    Deliver ba = new Deliver("t", "e", 1, "m", "u", 0, new JsonObject().put("b", 2).put("a", 1));
    assertEquals(SIGNER.signature(ab), SIGNER.signature(ba));
  }

  @ParameterizedTest
  @CsvSource({"1.0, 1", "-2.5, -2.5", "100, 100", "1e21, 1e+21", "1e20, 100000000000000000000",
      "0.1, 0.1", "1e-6, 0.000001", "1.5e-7, 1.5e-7", "123456789.125, 123456789.125", "-1e-300, -1e-300",
      "1.7976931348623157e308, 1.7976931348623157e+308", "5e-324, 5e-324"})
  void ecmaScriptNumberFormatting(double value, String expected) {
    assertEquals(expected, CanonicalJson.ecmaScript(value));
  }
}
