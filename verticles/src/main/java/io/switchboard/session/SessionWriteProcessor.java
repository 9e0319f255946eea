package io.switchboard.session;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.switchboard.security.Principal;
import io.switchboard.security.SessionPolicy;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A change to an existing session, run atomically on its partition owner: the checks every change shares (the
 * session exists and has not expired, the caller may change it, {@code If-Match} names its version) and then
 * {@link #change}. Deterministic ({@code now} is fixed by the caller), so it also runs on the backup.
 * <p>
 * Returns {@code {"session":{..}}} or a {@link ServiceError} body.
 */
abstract class SessionWriteProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {

  private static final long serialVersionUID = 1L;

  private final String principal;
  private final long expectedVersion;
  protected final long now;

  /** {@code expectedVersion} &lt; 0 means unconditional (no If-Match). */
  SessionWriteProcessor(Principal principal, long expectedVersion, long now) {
    this.principal = principal.toJson().encode();
    this.expectedVersion = expectedVersion;
    this.now = now;
  }

  /** What "only the owner or an admin may ..." completes with: "change", "delete". */
  protected abstract String verb();

  /** Applies the change to {@code current} (already checked) and returns the session to report. */
  protected abstract String change(Map.Entry<String, HazelcastJsonValue> entry, Session current);

  @Override
  public final String process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue value = entry.getValue();
    if (value == null) {
      return ServiceError.notFound("session").toJson().encode();
    }
    Session current = Session.fromStored(new JsonObject(value.toString()));
    if (current.expired(now)) {
      entry.setValue(null);
      return ServiceError.notFound("session").toJson().encode();
    }
    if (!SessionPolicy.mayChange(Principal.fromJson(new JsonObject(principal)), current.owner())) {
      return new ServiceError(ErrorCode.FORBIDDEN, "only the owner or an admin may " + verb() + " this session").toJson().encode();
    }
    if (expectedVersion >= 0 && expectedVersion != current.version()) {
      return new ServiceError(ErrorCode.PRECONDITION_FAILED, "session is at version " + current.version()
        + ", not " + expectedVersion).toJson().encode();
    }
    return change(entry, current);
  }

  static String ok(Session session) {
    return new JsonObject().put("session", session.toStored()).encode();
  }
}
