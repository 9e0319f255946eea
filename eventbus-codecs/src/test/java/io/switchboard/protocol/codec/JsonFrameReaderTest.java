package io.switchboard.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass reader builds the same tree as Vert.x's parser followed by {@link JsonValues#normalizeFrame} (what it
 * replaced), and refuses what that refused with the same code, field and ref.
 */
class JsonFrameReaderTest {

  /** The reader it replaced: Vert.x's decoder, then the normalizing pass. */
  private static JsonObject reference(String text) {
    return JsonValues.normalizeFrame((JsonObject) Json.decodeValue(Buffer.buffer(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"publish\",\"id\":\"m1\",\"topic\":\"chat.lobby\",\"data\":{\"text\":\"hi\",\"n\":[1,2.5,-3,true,null]}}",
      "{\"a\":1,\"a\":2,\"b\":{\"c\":[[],{}]}}",
      "{\"big\":18446744073709551615,\"neg\":-9223372036854775808,\"f\":1e300,\"small\":1E-7,\"int\":2147483648}",
      "{\"s\":\"\\u00e9t\\u00e9 \\ud83d\\ude00\",\"esc\":\"a\\\"b\\\\c\\n\"}",
      "/* a comment */ {\"type\":\"ping\" // and another\n}",
      "  {\"messages\":[{\"type\":\"ping\"},{\"type\":\"ping\",\"x\":{\"y\":[1]}}]}  ",
      "{}",
  })
  void buildsTheSameTreeAsTheParserItReplaced(String text) {
    JsonObject expected = reference(text);
    JsonObject fromBytes = JsonFrameReader.read(text.getBytes(StandardCharsets.UTF_8), true);
    JsonObject fromString = JsonFrameReader.read(text);
    assertEquals(expected, fromBytes);
    assertEquals(expected, fromString);
    assertEquals(expected.encode(), fromBytes.encode()); // same key order, same number forms
    fromBytes.forEach(e -> assertSameShape(expected.getValue(e.getKey()), e.getValue()));
  }

  /** Nested values are JsonObject/JsonArray (not raw maps), numbers Long/BigInteger/Double, as the normalizer made them. */
  private static void assertSameShape(Object expected, Object actual) {
    if (expected == null) {
      assertEquals(null, actual);
      return;
    }
    assertEquals(expected.getClass(), actual.getClass(), "value " + expected);
    if (expected instanceof JsonObject o) {
      o.forEach(e -> assertSameShape(e.getValue(), ((JsonObject) actual).getValue(e.getKey())));
    } else if (expected instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        assertSameShape(a.getValue(i), ((JsonArray) actual).getValue(i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "not json", "{\"a\":", "{\"a\":1}}", "{\"a\":1} {}", "{'a':1}", "{\"a\":NaN}"})
  void malformedTextIsMalformed(String text) {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> JsonFrameReader.read(text.getBytes(StandardCharsets.UTF_8), true));
    assertEquals(ErrorCode.MALFORMED, e.code());
    assertEquals(true, e.getMessage().startsWith("invalid JSON: "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line for the client");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "null"})
  void anythingButAnObjectIsRefused(String text) {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> JsonFrameReader.read(text.getBytes(StandardCharsets.UTF_8), true));
    assertEquals(ErrorCode.MALFORMED, e.code());
    assertEquals("a frame must be a JSON object", e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void tooDeepNamesTheTopLevelFieldAndTheFramesIdEvenWhenTheIdComesAfter() {
    String deep = "[".repeat(40) + "]".repeat(40);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> JsonFrameReader.read(("{\"data\":" + deep + ",\"id\":\"m7\"}").getBytes(StandardCharsets.UTF_8), true));
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertEquals("data", e.field());
    assertEquals("m7", e.ref());
  }

  @org.junit.jupiter.api.Test
  void anIntegerBeyondUnsigned64BitsIsInvalidAndNamesItsField() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> JsonFrameReader.read("{\"id\":\"m8\",\"data\":{\"n\":18446744073709551616}}".getBytes(StandardCharsets.UTF_8), true));
    assertEquals(ErrorCode.INVALID_FIELD, e.code());
    assertEquals("data", e.field());
    assertEquals("m8", e.ref());
  }

  @org.junit.jupiter.api.Test
  void aLoneSurrogateEscapeIsRefusedWhenAsked() {
    byte[] text = "{\"id\":\"m9\",\"data\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8);
    ProtocolException e = assertThrows(ProtocolException.class, () -> JsonFrameReader.read(text, true));
    assertEquals(ErrorCode.INVALID_FIELD, e.code());
    assertEquals("m9", e.ref());
  }

  @org.junit.jupiter.api.Test
  void unsigned64BitIntegersStayBigIntegers() {
    JsonObject o = JsonFrameReader.read("{\"n\":18446744073709551615,\"m\":5}".getBytes(StandardCharsets.UTF_8), true);
    assertInstanceOf(BigInteger.class, o.getValue("n"));
    assertInstanceOf(Long.class, o.getValue("m"));
  }
}
