package io.switchboard.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.ot.Component.Delete;
import io.switchboard.ot.Component.Insert;
import io.switchboard.ot.Component.Retain;
import io.switchboard.ot.OtGen.Step;
import io.vertx.core.json.JsonArray;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Algebraic properties over random documents (with non-BMP characters) and random operations. */
class TextOperationPropertiesTest {

  @Provide
  Arbitrary<String> docs() {
    return OtGen.docs();
  }

  @Provide
  Arbitrary<List<Step>> recipes() {
    return OtGen.recipes();
  }

  @Property(tries = 1000)
  void targetLengthIsTheLengthOfTheResult(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r) {
    TextOperation a = OtGen.op(doc, r);
    String out = a.apply(doc);
    assertEquals(a.targetLength(), CodePoints.length(out));
    assertEquals(CodePoints.length(doc), a.baseLength());
    assertTrue(CodePoints.isWellFormed(out), "no surrogate pair was split");
  }

  @Property(tries = 1000)
  void isNormalized(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r) {
    List<Component> cs = OtGen.op(doc, r).components();
    for (int i = 1; i < cs.size(); i++) {
      Component prev = cs.get(i - 1);
      Component cur = cs.get(i);
      assertTrue(prev.getClass() != cur.getClass(), "adjacent same kind: " + cs);
      assertTrue(!(prev instanceof Delete && cur instanceof Insert), "delete before insert: " + cs);
    }
  }

  @Property(tries = 1000)
  void transformConverges(@ForAll("docs") String doc, @ForAll("recipes") List<Step> ra, @ForAll("recipes") List<Step> rb) {
    TextOperation a = OtGen.op(doc, ra);
    TextOperation b = OtGen.op(doc, rb);
    TextOperation.Pair p = TextOperation.transform(a, b);
    assertEquals(p.aPrime().apply(b.apply(doc)), p.bPrime().apply(a.apply(doc)));
  }

  @Property(tries = 1000)
  void composeIsSequentialApplication(@ForAll("docs") String doc, @ForAll("recipes") List<Step> ra, @ForAll("recipes") List<Step> rb) {
    TextOperation a = OtGen.op(doc, ra);
    String afterA = a.apply(doc);
    TextOperation b = OtGen.op(afterA, rb);
    TextOperation ab = TextOperation.compose(a, b);
    assertEquals(b.apply(afterA), ab.apply(doc));
    assertEquals(a.baseLength(), ab.baseLength());
    assertEquals(b.targetLength(), ab.targetLength());
  }

  @Property(tries = 1000)
  void jsonRoundTrip(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r) {
    TextOperation a = OtGen.op(doc, r);
    assertEquals(a, TextOperation.fromJson(a.toJson()));
    assertEquals(a, TextOperation.fromJson(new JsonArray(a.toJson().encode())));
  }

  @Property(tries = 1000)
  void packedFormRoundTrips(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r) {
    TextOperation op = OtGen.op(doc, r);
    byte[] form = PackedOperations.pack(op);
    TextOperation back = PackedOperations.unpack(form);
    assertEquals(op, back);
    assertEquals(op.baseLength(), back.baseLength());
    assertEquals(op.targetLength(), back.targetLength());
    assertTrue(PackedOperations.isCanonical(form));
  }

  @Property(tries = 500)
  void invertUndoes(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r) {
    TextOperation a = OtGen.op(doc, r);
    assertEquals(doc, a.invert(doc).apply(a.apply(doc)));
  }

  @Property(tries = 500)
  void transformAgainstHistoryConverges(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r1,
      @ForAll("recipes") List<Step> r2, @ForAll("recipes") List<Step> r3, @ForAll("recipes") List<Step> rc) {
    // the server applied h1, h2, h3 in turn since the client's base revision
    TextOperation h1 = OtGen.op(doc, r1);
    String s1 = h1.apply(doc);
    TextOperation h2 = OtGen.op(s1, r2);
    String s2 = h2.apply(s1);
    TextOperation h3 = OtGen.op(s2, r3);
    String s3 = h3.apply(s2);
    TextOperation c = OtGen.op(doc, rc);
    TextOperation rebased = Transformer.transformAgainstHistory(c, List.of(h1, h2, h3));
    // a client that made c receives h1, h2, h3 one by one and transforms each against its pending op
    TextOperation pending = c;
    String clientDoc = c.apply(doc);
    for (TextOperation h : List.of(h1, h2, h3)) {
      TextOperation.Pair p = TextOperation.transform(h, pending);
      clientDoc = p.aPrime().apply(clientDoc);
      pending = p.bPrime();
    }
    assertEquals(rebased, pending, "server and client rebase c identically");
    assertEquals(clientDoc, rebased.apply(s3), "client and server converge");
    // note: rebasing over compose(h1, h2, h3) instead may order tied inserts differently
    // (an insert adjacent to text deleted later in history), which is why the server rebases stepwise.
  }

  @Property(tries = 500)
  void noopIsNeutral(@ForAll("docs") String doc, @ForAll("recipes") List<Step> r) {
    TextOperation a = OtGen.op(doc, r);
    TextOperation id = TextOperation.identity(a.baseLength());
    assertTrue(id.isNoop());
    TextOperation.Pair p = TextOperation.transform(id, a);
    assertEquals(a, p.bPrime());
    assertTrue(p.aPrime().isNoop());
    assertEquals(a, TextOperation.compose(id, a));
    boolean onlyRetains = a.components().stream().allMatch(c -> c instanceof Retain);
    assertEquals(onlyRetains, a.isNoop());
  }
}
