package io.switchboard.protocol.codec;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * One number model for both encodings, so a frame decodes to equal values whichever way it
 * came: integers are {@code Long}, or {@code BigInteger} for 2^63..2^64-1 (MsgPack's uint64);
 * other numbers are finite {@code Double}. Anything outside that is rejected.
 */
final class JsonValues {

  static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private JsonValues() {
  }

  /** Normalizes a decoded JSON frame in place; {@code field} names the top-level key for errors. */
  static JsonObject normalizeFrame(JsonObject frame) {
    for (Map.Entry<String, Object> e : frame.getMap().entrySet()) {
      e.setValue(normalize(e.getValue(), e.getKey(), depthOfTopLevelValue(e.getKey())));
    }
    return frame;
  }

  /**
   * The frame is depth 1, its values depth 2, except the elements of a batch's {@code messages}:
   * they count as frames of their own (depth 1), so a message that fits alone also fits in a batch.
   */
  static int depthOfTopLevelValue(String key) {
    return key.equals("messages") ? 0 : 2;
  }

  private static Object normalize(Object v, String field, int depth) {
    // Vert.x's parser leaves nested objects/arrays as raw Map/List (wrapped lazily on access);
    // wrap them here so the whole tree is JsonObject/JsonArray with normalized numbers.
    if (v instanceof JsonObject obj) {
      return normalizeMap(obj.getMap(), field, depth, obj);
    }
    if (v instanceof Map<?, ?> raw) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) raw;
      return normalizeMap(map, field, depth, null);
    }
    if (v instanceof JsonArray array) {
      return normalizeList(array.getList(), field, depth, array);
    }
    if (v instanceof List<?> raw) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) raw;
      return normalizeList(list, field, depth, null);
    }
    if (v instanceof Number n) {
      return number(n, field);
    }
    return v;
  }

  private static JsonObject normalizeMap(Map<String, Object> map, String field, int depth, JsonObject wrapper) {
    checkDepth(field, depth);
    for (Map.Entry<String, Object> e : map.entrySet()) {
      e.setValue(normalize(e.getValue(), field, depth + 1));
    }
    return wrapper != null ? wrapper : new JsonObject(map);
  }

  private static JsonArray normalizeList(List<Object> list, String field, int depth, JsonArray wrapper) {
    checkDepth(field, depth);
    for (int i = 0; i < list.size(); i++) {
      list.set(i, normalize(list.get(i), field, depth + 1));
    }
    return wrapper != null ? wrapper : new JsonArray(list);
  }

  static void checkDepth(String field, int depth) {
    if (depth > Protocol.MAX_DEPTH) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, field, "nested deeper than " + Protocol.MAX_DEPTH + " levels");
    }
  }

  static Object number(Number n, String field) {
    if (n instanceof Long) {
      return n;
    }
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      if (big.signum() > 0 && big.compareTo(UINT64_MAX) <= 0) {
        return big;
      }
      throw ProtocolException.invalid(field, "integer out of the 64-bit range: " + big);
    }
    double d = n instanceof BigDecimal bd ? bd.doubleValue() : n.doubleValue();
    return finite(d, field);
  }

  static Double finite(double d, String field) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw ProtocolException.invalid(field, "number is not finite");
    }
    return d;
  }
}
