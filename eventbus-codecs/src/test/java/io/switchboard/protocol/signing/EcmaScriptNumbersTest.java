package io.switchboard.protocol.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CanonicalJson's number text against node's own String(number), for ~2000 doubles. */
class EcmaScriptNumbersTest {

  @Test
  void matchesNode() throws Exception {
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/ecmascript-numbers.txt"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] parts = line.split(" ");
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
        String actual = CanonicalJson.ecmaScript(d);
        if (!actual.equals(parts[1])) {
          mismatches.add(parts[1] + " != " + actual);
        }
        checked++;
      }
    }
    assertTrue(checked > 1900, "vectors read: " + checked);
    assertEquals(List.of(), mismatches);
  }
}
