package io.switchboard.session;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/** {@link SessionPages}'s oldest creation time, lowered to a value (or set, when there is none): min, atomically. */
public final class LowerOldestProcessor implements EntryProcessor<String, Long, Long> {

  private static final long serialVersionUID = 1L;

  private final long createdAt;

  public LowerOldestProcessor(long createdAt) {
    this.createdAt = createdAt;
  }

  @Override
  public Long process(Map.Entry<String, Long> entry) {
    Long current = entry.getValue();
    if (current == null || createdAt < current) {
      entry.setValue(createdAt);
      return createdAt;
    }
    return current;
  }
}
