package io.switchboard.protocol.codec;

import io.switchboard.protocol.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/**
 * Typed, validated access to the fields of one decoded object. Absent and JSON null are the
 * same for optional fields; a required field that is absent or null is {@code missing_field};
 * a field of the wrong JSON type is {@code invalid_field}.
 */
final class Fields {

  private final JsonObject obj;
  private final String prefix;

  Fields(JsonObject obj, String prefix) {
    this.obj = obj;
    this.prefix = prefix;
  }

  Fields(JsonObject obj) {
    this(obj, "");
  }

  private String path(String name) {
    return prefix + name;
  }

  private Object required(String name) {
    Object v = obj.getValue(name);
    if (v == null) {
      throw ProtocolException.missing(path(name));
    }
    return v;
  }

  String string(String name) {
    Object v = required(name);
    if (!(v instanceof String s)) {
      throw ProtocolException.invalid(path(name), "must be a string");
    }
    return s;
  }

  String optString(String name) {
    return obj.getValue(name) == null ? null : string(name);
  }

  long integer(String name) {
    Object v = required(name);
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof BigInteger) {
      throw ProtocolException.invalid(path(name), "integer out of range");
    }
    throw ProtocolException.invalid(path(name), "must be an integer");
  }

  long optInteger(String name, long otherwise) {
    return obj.getValue(name) == null ? otherwise : integer(name);
  }

  int smallInteger(String name) {
    long v = integer(name);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw ProtocolException.invalid(path(name), "integer out of range");
    }
    return (int) v;
  }

  int optSmallInteger(String name, int otherwise) {
    return obj.getValue(name) == null ? otherwise : smallInteger(name);
  }

  boolean optBoolean(String name, boolean otherwise) {
    Object v = obj.getValue(name);
    if (v == null) {
      return otherwise;
    }
    if (!(v instanceof Boolean b)) {
      throw ProtocolException.invalid(path(name), "must be true or false");
    }
    return b;
  }

  JsonObject object(String name) {
    Object v = required(name);
    if (!(v instanceof JsonObject o)) {
      throw ProtocolException.invalid(path(name), "must be an object");
    }
    return o;
  }

  JsonObject optObject(String name) {
    return obj.getValue(name) == null ? null : object(name);
  }

  JsonArray array(String name) {
    Object v = required(name);
    if (!(v instanceof JsonArray a)) {
      throw ProtocolException.invalid(path(name), "must be an array");
    }
    return a;
  }

  JsonArray optArray(String name) {
    return obj.getValue(name) == null ? null : array(name);
  }

  /** Any JSON value, null included, but the key must be present. */
  Object anyValue(String name) {
    if (!obj.containsKey(name)) {
      throw ProtocolException.missing(path(name));
    }
    return obj.getValue(name);
  }

  /** Fields of a nested object, with error paths such as {@code resume.seq}. */
  Fields nested(String name, JsonObject nested) {
    return new Fields(nested, path(name) + ".");
  }
}
