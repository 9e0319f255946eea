package io.switchboard.protocol.filter;

import java.util.HashMap;
import java.util.Map;

/** Comparison operators of a filter leaf, by wire name. */
enum Op {
  EQ("eq"), NE("ne"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), IN("in"), EXISTS("exists");

  private static final Map<String, Op> BY_WIRE = new HashMap<>();

  static {
    for (Op op : values()) {
      BY_WIRE.put(op.wire, op);
    }
  }

  final String wire;

  Op(String wire) {
    this.wire = wire;
  }

  static Op ofWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
