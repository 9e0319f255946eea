package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ot.js wire form: strict parsing, limits, round trips. */
class TextOperationJsonTest {

  @Test
  void wireFormExample() {
    TextOperation op = TextOperation.fromJson(new JsonArray("[5, \"hello\", -3, 2]"));
    assertEquals(10, op.baseLength());
    assertEquals(12, op.targetLength());
    assertEquals("abcdehellohi", op.apply("abcdefghhi"));
    assertEquals(new JsonArray("[5,\"hello\",-3,2]"), op.toJson());
    assertEquals("[5,\"hello\",-3,2]", op.toJson().encode());
  }

  @Test
  void emptyArrayIsTheNoopOnTheEmptyDocument() {
    TextOperation op = TextOperation.fromJson(new JsonArray("[]"));
    assertEquals(0, op.baseLength());
    assertEquals("", op.apply(""));
    assertEquals(new JsonArray(), op.toJson());
  }

  @Test
  void nonCanonicalInputIsNormalized() {
    TextOperation op = TextOperation.fromJson(new JsonArray("[1, 2, -1, \"a\", -1, \"b\"]"));
    assertEquals("[3,\"ab\",-2]", op.toJson().encode());
  }

  @Test
  void unicodeRoundTripThroughText() {
    TextOperation op = TextOperation.builder().retain(1).insert("😀é中\u0301").delete(2).build();
    String wire = op.toJson().encode();
    TextOperation back = TextOperation.fromJson(new JsonArray(wire));
    assertEquals(op, back);
    assertEquals(5, back.targetLength());
    assertEquals(3, back.baseLength());
  }

  @ParameterizedTest(name = "{0} -> invalid_component at {1}")
  @CsvSource(delimiter = '|', value = {
      "[0]|0",
      "[1, 0]|1",
      "[1.5]|0",
      "[2, 2.0]|1",
      "[null]|0",
      "[1, null, 2]|1",
      "[true]|0",
      "[1, [2]]|1",
      "[{\"a\":1}]|0",
      "[3, \"\"]|1",
      "[\"ok\", \"\\uD83D\"]|1",
      "[\"\\uDE00x\"]|0",
  })
  void invalidComponents(String json, int index) {
    OperationException e = assertThrows(OperationException.class, () -> TextOperation.fromJson(new JsonArray(json)));
    assertEquals(OperationException.INVALID_COMPONENT, e.code(), e.getMessage());
    assertEquals(index, e.index());
    assertEquals(true, e.getMessage().contains("component " + index), e.getMessage());
  }

  @Test
  void programmaticNonJsonValuesAreInvalid() {
    JsonArray a = new JsonArray().add(1).add(new JsonObject());
    assertEquals(1, assertThrows(OperationException.class, () -> TextOperation.fromJson(a)).index());
    JsonArray c = new JsonArray().add('x');
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> TextOperation.fromJson(c)).code());
    assertEquals(OperationException.INVALID_COMPONENT, assertThrows(OperationException.class, () -> TextOperation.fromJson(null)).code());
  }

  @Test
  void hugeCountsAreTooLarge() {
    OperationException e = assertThrows(OperationException.class,
        () -> TextOperation.fromJson(new JsonArray("[1, 3000000000]")));
    assertEquals(OperationException.TOO_LARGE, e.code());
    assertEquals(1, e.index());
    OperationException e2 = assertThrows(OperationException.class,
        () -> TextOperation.fromJson(new JsonArray().add(new BigInteger("-99999999999999999999"))));
    assertEquals(OperationException.TOO_LARGE, e2.code());
    OperationException e3 = assertThrows(OperationException.class,
        () -> TextOperation.fromJson(new JsonArray().add(Integer.MAX_VALUE).add(1)));
    assertEquals(OperationException.TOO_LARGE, e3.code());
    assertEquals(1, e3.index());
    OperationException e4 = assertThrows(OperationException.class,
        () -> TextOperation.fromJson(new JsonArray().add(1).add(Integer.MIN_VALUE)));
    assertEquals(OperationException.TOO_LARGE, e4.code(), "-2^31 deletes one more than an int can count");
    assertEquals(1, e4.index());
    // the extremes of int are fine
    assertEquals(Integer.MAX_VALUE, TextOperation.fromJson(new JsonArray().add(-Integer.MAX_VALUE)).baseLength());
    assertEquals(Integer.MAX_VALUE, TextOperation.fromJson(new JsonArray().add((long) Integer.MAX_VALUE)).baseLength());
  }

  @Test
  void componentLimit() {
    JsonArray a = new JsonArray("[1, \"a\", -1, 1]");
    assertEquals(3, TextOperation.fromJson(a, 4, 100).baseLength());
    OperationException e = assertThrows(OperationException.class, () -> TextOperation.fromJson(a, 3, 100));
    assertEquals(OperationException.TOO_LARGE, e.code());
  }

  @Test
  void insertLimitCountsCodePoints() {
    JsonArray a = new JsonArray().add("😀😀").add(-1).add("😀");
    assertEquals(3, TextOperation.fromJson(a, 10, 3).targetLength());
    OperationException e = assertThrows(OperationException.class, () -> TextOperation.fromJson(a, 10, 2));
    assertEquals(OperationException.TOO_LARGE, e.code());
    assertEquals(2, e.index());
  }
}
