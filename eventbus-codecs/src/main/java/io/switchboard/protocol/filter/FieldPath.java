package io.switchboard.protocol.filter;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A dotted path into a payload object ({@code user.address.city}), split once at parse time. */
final class FieldPath {

  /** Returned by {@link #resolve} when the path does not exist (distinct from a JSON null). */
  static final Object MISSING = new Object();

  private final String[] segments;

  FieldPath(String dotted) {
    this.segments = dotted.split("\\.", -1);
  }

  /** Walks objects only: arrays are not indexed, a non-object on the way means missing. */
  Object resolve(Object payload) {
    Object current = payload;
    for (String segment : segments) {
      Map<String, Object> map;
      if (current instanceof JsonObject json) {
        map = json.getMap();
      } else if (current instanceof Map<?, ?> raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = (Map<String, Object>) raw;
        map = cast;
      } else {
        return MISSING;
      }
      current = map.getOrDefault(segment, MISSING);
      if (current == MISSING) {
        return MISSING;
      }
    }
    return current;
  }
}
