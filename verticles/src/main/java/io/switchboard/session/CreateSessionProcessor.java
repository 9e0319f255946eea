package io.switchboard.session;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.switchboard.bus.ErrorCode;
import io.switchboard.bus.ServiceError;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Inserts a new session with its TTL in one atomic step on the partition owner (Hazelcast's IMap has no async
 * put-if-absent with a TTL). Returns {@code {"session":..}} or a conflict error body.
 */
public final class CreateSessionProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {

  private static final long serialVersionUID = 1L;

  private final String stored;
  private final long ttlMillis;

  public CreateSessionProcessor(Session session, long now) {
    this.stored = session.toStored().encode();
    this.ttlMillis = session.ttlMillis(now);
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    if (entry.getValue() != null) {
      return new ServiceError(ErrorCode.CONFLICT, "a session with this id exists").toJson().encode();
    }
    ((ExtendedMapEntry<String, HazelcastJsonValue>) entry)
      .setValue(new HazelcastJsonValue(stored), ttlMillis, TimeUnit.MILLISECONDS);
    return new JsonObject().put("session", new JsonObject(stored)).encode();
  }
}
