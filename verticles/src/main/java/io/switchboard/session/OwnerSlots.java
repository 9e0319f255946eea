package io.switchboard.session;

import com.hazelcast.map.EntryProcessor;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * One owner's sessions, as {@link SessionQuota} counts them: session id → expiry (epoch ms). Changed only by the entry
 * processors below, on the owner key's partition, so a reservation is atomic across the cluster. Expired ids are
 * purged when the count reaches the bound (a session that expired frees its slot then), so a reservation costs O(1)
 * until the bound is near.
 */
public final class OwnerSlots implements Serializable {

  private static final long serialVersionUID = 1L;

  final HashMap<String, Long> expiries = new HashMap<>();

  /** Takes a slot for a new session; false when {@code max} live sessions already hold one. {@code max} < 0: no bound. */
  public record Reserve(String id, long expiresAt, int max, long now)
    implements EntryProcessor<String, OwnerSlots, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, OwnerSlots> entry) {
      OwnerSlots slots = entry.getValue() != null ? entry.getValue() : new OwnerSlots();
      if (max >= 0 && slots.expiries.size() >= max) {
        slots.expiries.values().removeIf(expiry -> expiry <= now);
        if (slots.expiries.size() >= max) {
          entry.setValue(slots);
          return false;
        }
      }
      slots.expiries.put(id, expiresAt);
      entry.setValue(slots);
      return true;
    }
  }

  /** Frees a session's slot (deleted, or its creation failed). */
  public record Release(String id) implements EntryProcessor<String, OwnerSlots, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, OwnerSlots> entry) {
      OwnerSlots slots = entry.getValue();
      if (slots == null || slots.expiries.remove(id) == null) {
        return false;
      }
      if (slots.expiries.isEmpty()) {
        entry.setValue(null);
      } else {
        entry.setValue(slots);
      }
      return true;
    }
  }

  /** A session's expiry moved (its TTL was changed): the slot lives as long as the session. */
  public record Extend(String id, long expiresAt) implements EntryProcessor<String, OwnerSlots, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, OwnerSlots> entry) {
      OwnerSlots slots = entry.getValue();
      if (slots == null || !slots.expiries.containsKey(id)) {
        return false;
      }
      slots.expiries.put(id, expiresAt);
      entry.setValue(slots);
      return true;
    }
  }
}
