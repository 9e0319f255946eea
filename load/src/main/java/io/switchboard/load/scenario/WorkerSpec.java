package io.switchboard.load.scenario;

import io.switchboard.load.client.Framing;
import io.switchboard.load.target.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * What a worker process needs to run {@code senders} against the parent's target: the command line and the target,
 * whose framing travels as the name of the public static constant that holds it (e.g. {@code JsonFraming.INSTANCE}).
 * The token never goes into the spec file; it travels in the {@value #TOKEN_ENV} environment variable.
 */
final class WorkerSpec {

  static final String TOKEN_ENV = "SWITCHBOARD_LOAD_TOKEN";

  private WorkerSpec() {
  }

  static JsonObject of(List<String> args, Target target) {
    Framing f = target.framing();
    return new JsonObject()
        .put("args", new JsonArray(List.copyOf(args)))
        .put("target", new JsonObject().put("name", target.name()).put("httpUrl", target.httpUrl())
            .put("wsUrl", target.wsUrl()).put("switchboard", target.switchboard()).put("pid", target.pid())
            .put("framingClass", f.getClass().getName()).put("framingField", constantName(f)));
  }

  static Target target(JsonObject spec) {
    JsonObject t = spec.getJsonObject("target");
    return new Target(t.getString("name"), t.getString("httpUrl"), t.getString("wsUrl"),
        framing(t.getString("framingClass"), t.getString("framingField")), t.getBoolean("switchboard"), t.getLong("pid"));
  }

  /** The public static field of the framing's class that holds this very instance; throws if there is none. */
  static String constantName(Framing f) {
    for (Field field : f.getClass().getFields()) {
      try {
        if (Modifier.isStatic(field.getModifiers()) && field.get(null) == f) {
          return field.getName();
        }
      } catch (IllegalAccessException ignored) {
        // not readable: not the one
      }
    }
    throw new IllegalArgumentException("framing " + f.name() + " (" + f.getClass().getName()
        + ") is not a public constant, so worker processes cannot use it");
  }

  static Framing framing(String className, String field) {
    try {
      return (Framing) Class.forName(className).getField(field).get(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("no framing " + className + "." + field, e);
    }
  }
}
