package io.switchboard.protocol.filter;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A server-side filter on payload fields, parsed and validated once, evaluated many times.
 *
 * <pre>
 * {"field":"price","op":"gt","value":10}
 * {"and":[ {...}, {...} ]}     {"or":[ {...}, {...} ]}
 * </pre>
 * Ops: eq, ne, gt, gte, lt, lte (number vs number or string vs string), in (array of scalars),
 * exists (value true/false, default true). {@code field} is a dotted path into payload objects.
 * A comparison on a missing field is false ({@code ne} included); comparisons across kinds
 * (string vs number) are false. Payloads that are not objects (e.g. e2e ciphertext) have no fields.
 */
public final class Filter {

  /** At most this many nodes (leaves plus and/or) in one filter. */
  public static final int MAX_NODES = 32;
  /** At most this many nested and/or levels. */
  public static final int MAX_DEPTH = 6;
  /** At most this many candidates in an {@code in} list. */
  public static final int MAX_IN_VALUES = 64;

  private final JsonObject source;
  private final Node root;

  private Filter(JsonObject source, Node root) {
    this.source = source;
    this.root = root;
  }

  /** Parses a filter, reporting errors against field {@code filter}. */
  public static Filter parse(Object json) {
    return parse(json, "filter");
  }

  /** Parses a filter; error field paths start with {@code field}, e.g. {@code filter.and[1].op}. */
  public static Filter parse(Object json, String field) {
    Parser parser = new Parser();
    Node root = parser.node(json, field, 1);
    return new Filter(((JsonObject) json).copy(), root);
  }

  /** Whether the payload passes the filter. Allocation-free; safe to call from many threads. */
  public boolean test(Object payload) {
    return root.test(payload);
  }

  /** The filter as JSON (a copy of what was parsed). */
  public JsonObject toJson() {
    return source.copy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Filter f && f.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source.encode();
  }

  private static final class Parser {
    private int nodes;

    Node node(Object json, String at, int depth) {
      if (++nodes > MAX_NODES) {
        throw new ProtocolException(ErrorCode.TOO_LARGE, at, "filter has more than " + MAX_NODES + " nodes");
      }
      if (depth > MAX_DEPTH) {
        throw new ProtocolException(ErrorCode.TOO_LARGE, at, "filter nested deeper than " + MAX_DEPTH);
      }
      if (!(json instanceof JsonObject obj)) {
        throw ProtocolException.invalid(at, "a filter must be an object");
      }
      if (obj.containsKey("and") || obj.containsKey("or")) {
        String key = obj.containsKey("and") ? "and" : "or";
        if (obj.size() != 1) {
          throw ProtocolException.invalid(at, "'" + key + "' must be the only key of its object");
        }
        Node[] parts = parts(obj.getValue(key), at + "." + key, depth);
        return key.equals("and") ? new Node.All(parts) : new Node.AnyOf(parts);
      }
      return leaf(obj, at);
    }

    private Node[] parts(Object value, String at, int depth) {
      if (!(value instanceof JsonArray array) || array.isEmpty()) {
        throw ProtocolException.invalid(at, "must be a non-empty array of filters");
      }
      Node[] parts = new Node[array.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = node(array.getValue(i), at + "[" + i + "]", depth + 1);
      }
      return parts;
    }

    private Node leaf(JsonObject obj, String at) {
      for (String key : obj.fieldNames()) {
        if (!key.equals("field") && !key.equals("op") && !key.equals("value")) {
          throw ProtocolException.invalid(at + "." + key, "unknown filter key (expected field, op, value, and, or)");
        }
      }
      FieldPath path = new FieldPath(fieldPath(obj.getValue("field"), at + ".field"));
      Object rawOp = obj.getValue("op");
      if (rawOp == null) {
        throw ProtocolException.missing(at + ".op");
      }
      Op op = rawOp instanceof String s ? Op.ofWire(s) : null;
      if (op == null) {
        throw ProtocolException.invalid(at + ".op", "must be one of eq, ne, gt, gte, lt, lte, in, exists");
      }
      String valueAt = at + ".value";
      boolean hasValue = obj.containsKey("value");
      Object value = obj.getValue("value");
      switch (op) {
        case EXISTS:
          if (hasValue && !(value instanceof Boolean)) {
            throw ProtocolException.invalid(valueAt, "exists takes true or false");
          }
          return new Node.Exists(path, !hasValue || (Boolean) value);
        case IN:
          return in(path, hasValue, value, valueAt);
        case EQ:
        case NE:
          if (!hasValue) {
            throw ProtocolException.missing(valueAt);
          }
          if (!Values.isScalar(value)) {
            throw ProtocolException.invalid(valueAt, "must be a string, number, boolean or null");
          }
          return new Node.Compare(path, op, value);
        default:
          if (!hasValue) {
            throw ProtocolException.missing(valueAt);
          }
          if (!(value instanceof Number) && !(value instanceof String)) {
            throw ProtocolException.invalid(valueAt, op.wire + " compares numbers or strings");
          }
          return new Node.Compare(path, op, value);
      }
    }

    private static Node in(FieldPath path, boolean hasValue, Object value, String at) {
      if (!hasValue) {
        throw ProtocolException.missing(at);
      }
      if (!(value instanceof JsonArray array) || array.isEmpty()) {
        throw ProtocolException.invalid(at, "in takes a non-empty array");
      }
      if (array.size() > MAX_IN_VALUES) {
        throw new ProtocolException(ErrorCode.TOO_LARGE, at, "in takes at most " + MAX_IN_VALUES + " values");
      }
      Set<String> strings = new HashSet<>();
      List<Object> others = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        Object candidate = array.getValue(i);
        if (!Values.isScalar(candidate)) {
          throw ProtocolException.invalid(at + "[" + i + "]", "must be a string, number, boolean or null");
        }
        if (candidate instanceof String s) {
          strings.add(s);
        } else {
          others.add(candidate);
        }
      }
      return new Node.In(path, Set.copyOf(strings), others.toArray());
    }

    private static String fieldPath(Object field, String at) {
      if (field == null) {
        throw ProtocolException.missing(at);
      }
      if (!(field instanceof String s) || s.isEmpty() || s.length() > 256) {
        throw ProtocolException.invalid(at, "must be a dotted field path of 1..256 characters");
      }
      for (String segment : s.split("\\.", -1)) {
        if (segment.isEmpty()) {
          throw ProtocolException.invalid(at, "empty segment in field path '" + s + "'");
        }
      }
      return s;
    }
  }
}
