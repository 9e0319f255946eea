package io.switchboard.ot;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators shared by the property tests. Documents mix ASCII, Latin, combining marks, CJK and non-BMP. */
final class OtGen {

  private OtGen() {
  }

  /** Single code points, several of them outside the BMP (two UTF-16 chars each). */
  static final List<String> ALPHABET = List.of(
      "a", "b", "c", " ", "\n", "é", "\u0301", "中", "文", "😀", "𝄞", "🏽", "\u200D");

  static Arbitrary<String> text(int maxCodePoints) {
    return Arbitraries.of(ALPHABET).list().ofMaxSize(maxCodePoints).map(l -> String.join("", l));
  }

  static Arbitrary<String> docs() {
    return text(24);
  }

  /** One instruction of an operation recipe; interpreted against a concrete document length. */
  record Step(int kind, int n, String text) {
  }

  static Arbitrary<Step> step() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(1, 6),
        text(4).filter(s -> !s.isEmpty()))
        .as(Step::new);
  }

  static Arbitrary<List<Step>> recipes() {
    return step().list().ofMaxSize(8);
  }

  /** Builds a valid operation on a document of {@code length} code points from a recipe. */
  static TextOperation op(int length, List<Step> recipe) {
    TextOperation.Builder b = TextOperation.builder();
    int pos = 0;
    for (Step s : recipe) {
      switch (s.kind()) {
        case 0 -> {
          int n = Math.min(s.n(), length - pos);
          b.retain(n);
          pos += n;
        }
        case 1 -> b.insert(s.text());
        default -> {
          int n = Math.min(s.n(), length - pos);
          b.delete(n);
          pos += n;
        }
      }
    }
    return b.retain(length - pos).build();
  }

  static TextOperation op(String doc, List<Step> recipe) {
    return op(CodePoints.length(doc), recipe);
  }
}
