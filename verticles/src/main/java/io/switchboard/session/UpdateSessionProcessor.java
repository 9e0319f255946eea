package io.switchboard.session;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.security.Principal;
import io.switchboard.security.SessionPolicy;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Changes one session atomically on the member that owns its partition: permission, {@code If-Match} version,
 * state transition and the merge patch are checked and applied in one step, so two nodes can never both update
 * from the same version. Runs on the backup too (deterministic: {@code now} is fixed by the caller).
 * <p>
 * Returns {@code {"session":{..stored..}}} or a {@link ServiceError} body.
 */
public final class UpdateSessionProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {

  private static final long serialVersionUID = 1L;

  private final String principal;
  private final String patch;
  private final long expectedVersion;
  private final long now;

  /** {@code expectedVersion} &lt; 0 means unconditional (no If-Match). */
  public UpdateSessionProcessor(Principal principal, JsonObject patch, long expectedVersion, long now) {
    this.principal = principal.toJson().encode();
    this.patch = patch.encode();
    this.expectedVersion = expectedVersion;
    this.now = now;
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue value = entry.getValue();
    if (value == null) {
      return ServiceError.notFound("session").toJson().encode();
    }
    Session current = Session.fromStored(new JsonObject(value.toString()));
    if (current.expired(now)) {
      entry.setValue(null);
      return ServiceError.notFound("session").toJson().encode();
    }
    Principal actor = Principal.fromJson(new JsonObject(principal));
    if (!SessionPolicy.mayChange(actor, current.owner())) {
      return new ServiceError(ErrorCode.FORBIDDEN, "only the owner or an admin may change this session").toJson().encode();
    }
    if (expectedVersion >= 0 && expectedVersion != current.version()) {
      return new ServiceError(ErrorCode.PRECONDITION_FAILED, "session is at version " + current.version()
        + ", not " + expectedVersion).toJson().encode();
    }
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
    return new JsonObject().put("session", updated.toStored()).encode();
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
