package io.switchboard.session;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.ExtendedMapEntry;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.security.Principal;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Changes one session atomically on the member that owns its partition: after the shared checks
 * ({@link SessionWriteProcessor}), the state transition and the merge patch are checked and applied in the same
 * step, so two nodes can never both update from the same version.
 */
public final class UpdateSessionProcessor extends SessionWriteProcessor {

  private static final long serialVersionUID = 2L;

  private final String patch;

  /** {@code expectedVersion} &lt; 0 means unconditional (no If-Match). */
  public UpdateSessionProcessor(Principal principal, JsonObject patch, long expectedVersion, long now) {
    super(principal, expectedVersion, now);
    this.patch = patch.encode();
  }

  @Override
  protected String verb() {
    return "change";
  }

  @Override
  protected String change(Map.Entry<String, HazelcastJsonValue> entry, Session current) {
    JsonObject changes = new JsonObject(patch);
    SessionState state = current.state();
    if (changes.containsKey("state")) {
      SessionState next = SessionState.parse(changes.getString("state"));
      if (!current.state().canBecome(next)) {
        return new ServiceError(ErrorCode.CONFLICT, "session has ended and cannot become " + next.wire()).toJson().encode();
      }
      state = next;
    }
    JsonObject metadata = current.metadata().copy();
    if (changes.containsKey("metadata")) {
      mergePatch(metadata, changes.getJsonObject("metadata"));
    }
    long expiresAt = changes.containsKey("ttlSeconds")
      ? now + changes.getLong("ttlSeconds") * 1000 : current.expiresAt();
    Session updated = new Session(current.id(), changes.getString("title", current.title()), current.owner(), state,
      metadata, current.createdAt(), now, expiresAt, current.version() + 1);
    ((ExtendedMapEntry<String, HazelcastJsonValue>) entry)
      .setValue(new HazelcastJsonValue(updated.toStored().encode()), updated.ttlMillis(now), TimeUnit.MILLISECONDS);
    return ok(updated);
  }

  /** RFC 7386 JSON merge patch: null removes a member, objects merge recursively, anything else replaces. */
  static void mergePatch(JsonObject target, JsonObject patch) {
    for (String key : patch.fieldNames()) {
      Object v = patch.getValue(key);
      if (v == null) {
        target.remove(key);
      } else if (v instanceof JsonObject p && target.getValue(key) instanceof JsonObject t) {
        mergePatch(t, p);
      } else {
        target.put(key, v);
      }
    }
  }
}
