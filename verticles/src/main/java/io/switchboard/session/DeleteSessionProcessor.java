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
 * Deletes one session atomically on its partition owner, after the permission and {@code If-Match} checks.
 * Returns {@code {"session":{..as it was..}}} or a {@link ServiceError} body.
 */
public final class DeleteSessionProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {

  private static final long serialVersionUID = 1L;

  private final String principal;
  private final long expectedVersion;
  private final long now;

  public DeleteSessionProcessor(Principal principal, long expectedVersion, long now) {
    this.principal = principal.toJson().encode();
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
    if (!SessionPolicy.mayChange(Principal.fromJson(new JsonObject(principal)), current.owner())) {
      return new ServiceError(ErrorCode.FORBIDDEN, "only the owner or an admin may delete this session").toJson().encode();
    }
    if (expectedVersion >= 0 && expectedVersion != current.version()) {
      return new ServiceError(ErrorCode.PRECONDITION_FAILED, "session is at version " + current.version()
        + ", not " + expectedVersion).toJson().encode();
    }
    entry.setValue(null);
    return new JsonObject().put("session", current.toStored()).encode();
  }
}
