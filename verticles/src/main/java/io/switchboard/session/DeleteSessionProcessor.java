package io.switchboard.session;

import com.hazelcast.core.HazelcastJsonValue;
import io.switchboard.security.Principal;

import java.util.Map;

/** Deletes one session atomically on its partition owner; answers with the session as it was. */
public final class DeleteSessionProcessor extends SessionWriteProcessor {

  private static final long serialVersionUID = 2L;

  public DeleteSessionProcessor(Principal principal, long expectedVersion, long now) {
    super(principal, expectedVersion, now);
  }

  @Override
  protected String verb() {
    return "delete";
  }

  @Override
  protected String change(Map.Entry<String, HazelcastJsonValue> entry, Session current) {
    entry.setValue(null);
    return ok(current);
  }
}
