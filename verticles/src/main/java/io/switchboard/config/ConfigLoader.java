package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds a node's configuration in three layers, later ones winning:
 * <ol>
 *   <li>the built-in defaults, {@code switchboard-defaults.json} on the classpath (every key is documented in
 *   {@code docs/configuration.md});</li>
 *   <li>the verticle's own configuration, i.e. the file given with {@code -conf} (or a test's JsonObject);</li>
 *   <li>environment variables: key {@code http.port} is overridden by {@code SWITCHBOARD_HTTP_PORT}.</li>
 * </ol>
 * Keys are flat (dots are part of the name), so one key maps to one environment variable. Unknown keys in a
 * config file are rejected: a typo must not silently leave a default in force.
 */
public final class ConfigLoader {

  public static final String DEFAULTS_RESOURCE = "switchboard-defaults.json";
  public static final String ENV_PREFIX = "SWITCHBOARD_";

  private ConfigLoader() {
  }

  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  /** Defaults, overridden by {@code given}, overridden by the process environment. */
  public static JsonObject load(JsonObject given) {
    return load(given, System.getenv());
  }

  public static JsonObject load(JsonObject given, Map<String, String> env) {
    JsonObject config = defaults();
    for (Map.Entry<String, Object> e : given) {
      if (!config.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown configuration key '" + e.getKey() + "' (see docs/configuration.md)");
      }
      config.put(e.getKey(), e.getValue());
    }
    for (String key : config.fieldNames().toArray(String[]::new)) {
      String value = env.get(envName(key));
      if (value != null) {
        config.put(key, parse(key, value, config.getValue(key)));
      }
    }
    return config;
  }

  /** {@code http.rate-limit.per-second} becomes {@code SWITCHBOARD_HTTP_RATE_LIMIT_PER_SECOND}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase().replace('.', '_').replace('-', '_');
  }

  /** Environment values are strings: read them as the type of the default they replace. */
  private static Object parse(String key, String value, Object defaultValue) {
    try {
      if (defaultValue instanceof Integer) {
        return Integer.parseInt(value.trim());
      } else if (defaultValue instanceof Long) {
        return Long.parseLong(value.trim());
      } else if (defaultValue instanceof Double) {
        return Double.parseDouble(value.trim());
      } else if (defaultValue instanceof Boolean) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
      } else if (defaultValue instanceof JsonArray) {
        String v = value.trim();
        if (v.startsWith("[")) {
          return new JsonArray(v);
        }
        JsonArray list = new JsonArray();
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            list.add(part.trim());
          }
        }
        return list;
      }
      return value;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("environment variable " + envName(key) + "='" + value
        + "' is not a valid " + defaultValue.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
