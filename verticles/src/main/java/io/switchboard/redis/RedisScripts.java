package io.switchboard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The Lua scripts in resources {@code redis/*.lua}, read once at class load: a missing one fails the node's start. */
public final class RedisScripts {

  private RedisScripts() {
  }

  public static String load(String resource) {
    try (InputStream in = RedisScripts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
