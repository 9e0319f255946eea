package io.switchboard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The Lua scripts in resources {@code redis/*.lua}, read once by the classes that send them with EVAL. */
public final class Scripts {

  private Scripts() {
  }

  public static String load(String resource) {
    try (InputStream in = Scripts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
