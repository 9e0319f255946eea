package io.switchboard.mcp;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.vertx.core.json.JsonObject;

import java.io.Serial;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registers or removes one catalog entry atomically on the member that owns its key, and only for the entry's
 * owner: a name registered by one owner (the node, or a bridge user) can be neither replaced nor removed by another
 * until it expires. Answers null when done, else why not.
 */
final class CatalogWrite implements EntryProcessor<String, HazelcastJsonValue, String> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String owner;
  /** The new entry's JSON, or null to remove. */
  private final String entry;
  private final long ttlSeconds;

  private CatalogWrite(String owner, String entry, long ttlSeconds) {
    this.owner = owner;
    this.entry = entry;
    this.ttlSeconds = ttlSeconds;
  }

  static CatalogWrite register(String owner, JsonObject entry, long ttlSeconds) {
    return new CatalogWrite(owner, entry.encode(), ttlSeconds);
  }

  static CatalogWrite unregister(String owner) {
    return new CatalogWrite(owner, null, 0);
  }

  /** The owner of a stored entry (entries stored before owners existed were the node's own). */
  static String ownerOf(JsonObject entry) {
    return entry.getString("owner", Catalog.NODE_OWNER);
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> e) {
    HazelcastJsonValue current = e.getValue();
    if (current != null) {
      String currentOwner = ownerOf(new JsonObject(current.toString()));
      if (!currentOwner.equals(owner)) {
        return "'" + e.getKey() + "' is provided by another provider";
      }
    }
    if (entry == null) {
      if (current != null) {
        e.setValue(null);
      }
    } else {
      ((ExtendedMapEntry<String, HazelcastJsonValue>) e).setValue(new HazelcastJsonValue(entry), ttlSeconds, TimeUnit.SECONDS);
    }
    return null;
  }
}
