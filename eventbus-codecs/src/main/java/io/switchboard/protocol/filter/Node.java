package io.switchboard.protocol.filter;

import java.util.Set;

/** The evaluable tree behind a {@link Filter}. Nodes are immutable and evaluation allocates nothing. */
sealed interface Node {

  boolean test(Object payload);

  record All(Node[] parts) implements Node {
    @Override
    public boolean test(Object payload) {
      for (Node part : parts) {
        if (!part.test(payload)) {
          return false;
        }
      }
      return true;
    }
  }

  record AnyOf(Node[] parts) implements Node {
    @Override
    public boolean test(Object payload) {
      for (Node part : parts) {
        if (part.test(payload)) {
          return true;
        }
      }
      return false;
    }
  }

  /** eq, ne, gt, gte, lt, lte. A missing field matches no comparison, {@code ne} included. */
  record Compare(FieldPath path, Op op, Object value) implements Node {
    @Override
    public boolean test(Object payload) {
      Object actual = path.resolve(payload);
      if (actual == FieldPath.MISSING) {
        return false;
      }
      switch (op) {
        case EQ:
          return Values.equal(actual, value);
        case NE:
          return !Values.equal(actual, value);
        default:
          int c = Values.compare(actual, value);
          if (c == Values.INCOMPARABLE) {
            return false;
          }
          return switch (op) {
            case GT -> c > 0;
            case GTE -> c >= 0;
            case LT -> c < 0;
            case LTE -> c <= 0;
            default -> throw new IllegalStateException(op.wire);
          };
      }
    }
  }

  /** Membership; string candidates are hashed, the (few) others compared one by one. */
  record In(FieldPath path, Set<String> strings, Object[] others) implements Node {
    @Override
    public boolean test(Object payload) {
      Object actual = path.resolve(payload);
      if (actual == FieldPath.MISSING) {
        return false;
      }
      if (actual instanceof String s) {
        return strings.contains(s);
      }
      for (Object candidate : others) {
        if (Values.equal(actual, candidate)) {
          return true;
        }
      }
      return false;
    }
  }

  record Exists(FieldPath path, boolean expected) implements Node {
    @Override
    public boolean test(Object payload) {
      return (path.resolve(payload) != FieldPath.MISSING) == expected;
    }
  }
}
