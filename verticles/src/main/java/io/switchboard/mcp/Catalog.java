package io.switchboard.mcp;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.switchboard.cluster.ClusterFutures;
import io.switchboard.cluster.OwnerReads;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster-wide catalog of tools, resources, resource templates and prompts, in a Hazelcast map. An entry lives
 * as long as its provider keeps re-registering it (TTL), so the tools of a node that died vanish by themselves.
 * Entries: {@code {kind, name, definition, address, owner, expiresAt}}.
 *
 * <p>A call reads its entry on every request: an entry this member owns is read in place ({@link OwnerReads}, no
 * partition-thread round trip; its own {@code expiresAt} stands in for Hazelcast's TTL, which a read in place does not
 * check), and an entry is parsed once per change of its text, not once per call. One catalog per event loop: {@link
 * #get} is called on its context only.
 */
public final class Catalog {

  public static final int PAGE_SIZE = 100;

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, HazelcastJsonValue> map;
  /** The names each kind's last full listing held ({@link #noticeVanished}); bounded by the catalog's own bounds. */
  private final Map<String, Set<String>> listed = new ConcurrentHashMap<>();
  /** Null on a map that is not a member's own proxy: then every read asks the cluster. */
  private final OwnerReads<String, HazelcastJsonValue> owned;
  /** The parsed form of each entry last read here, by key, with the text it was parsed from (context only). */
  private final Map<String, Parsed> parsed = new HashMap<>();
  private static final int MAX_PARSED = 1000;

  private record Parsed(String text, JsonObject entry) {
  }

  public Catalog(Vertx vertx, Context context, IMap<String, HazelcastJsonValue> map) {
    this.vertx = vertx;
    this.context = context;
    this.map = map;
    this.owned = OwnerReads.of(map);
  }

  /** The owner of the entries of this node's own providers (Switchboard's tools, the conformance fixture). */
  public static final String NODE_OWNER = "node";

  /**
   * Adds or refreshes an entry for {@code owner}; fails with {@code INVALID_REQUEST} if another owner holds the name.
   * Entries: {@code {kind, name, definition, address, owner}}.
   */
  public Future<Void> register(String owner, String kind, String name, JsonObject definition, String address,
                               long ttlSeconds) {
    JsonObject entry = new JsonObject().put("kind", kind).put("name", name).put("definition", definition)
      .put("address", address).put("owner", owner)
      .put("expiresAt", System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(ttlSeconds));
    return write(kind + ":" + name, CatalogWrite.register(owner, entry, ttlSeconds));
  }

  /** Removes an entry of {@code owner}'s; fails if another owner holds the name. Nothing to remove is fine. */
  public Future<Void> unregister(String owner, String kind, String name) {
    return write(kind + ":" + name, CatalogWrite.unregister(owner));
  }

  private Future<Void> write(String key, CatalogWrite write) {
    return ClusterFutures.on(map.submitToKey(key, write), context).compose(refusal -> refusal == null
      ? Future.succeededFuture() : Future.failedFuture(new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, refusal)));
  }

  /** How many entries {@code owner} has (a counting query on the members, off the event loop). */
  public Future<Long> count(String owner) {
    return vertx.executeBlocking(() -> map.aggregate(com.hazelcast.aggregation.Aggregators.count(),
      Predicates.equal("owner", owner)), false);
  }

  /** The entry, or null; shared with other calls of this catalog: read it, never change it. */
  public Future<JsonObject> get(String kind, String name) {
    String key = kind + ":" + name;
    HazelcastJsonValue local = owned == null ? null : owned.get(key);
    if (local != null) {
      JsonObject entry = parse(key, local.toString());
      if (entry.getLong("expiresAt", 0L) > System.currentTimeMillis()) {
        return Future.succeededFuture(entry);
      }
    }
    return ClusterFutures.on(map.getAsync(key), context).map(v -> v == null ? null : parse(key, v.toString()));
  }

  private JsonObject parse(String key, String text) {
    Parsed last = parsed.get(key);
    if (last != null && last.text.equals(text)) {
      return last.entry;
    }
    if (parsed.size() >= MAX_PARSED) {
      parsed.clear();
    }
    JsonObject entry = new JsonObject(text);
    parsed.put(key, new Parsed(text, entry));
    return entry;
  }

  /** One page of a kind's definitions, ordered by name; {@code cursor} is the opaque value of the last page. */
  public Future<JsonObject> page(String kind, String cursor, String listField) {
    String after = decode(cursor);
    if (cursor != null && after == null) {
      return Future.failedFuture(new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "invalid cursor"));
    }
    return vertx.executeBlocking(() -> {
      List<JsonObject> all = map.values(Predicates.equal("kind", kind)).stream()
        .map(v -> new JsonObject(v.toString())).toList();
      if (after == null) {
        noticeVanished(kind, all);
      }
      List<JsonObject> entries = all.stream()
        .filter(e -> after == null || e.getString("name").compareTo(after) > 0)
        .sorted(Comparator.comparing(e -> e.getString("name")))
        .toList();
      JsonArray items = new JsonArray();
      entries.stream().limit(PAGE_SIZE).forEach(e -> items.add(e.getJsonObject("definition")));
      JsonObject page = new JsonObject().put(listField, items);
      if (entries.size() > PAGE_SIZE) {
        page.put("nextCursor", encode(entries.get(PAGE_SIZE - 1).getString("name")));
      }
      return page;
    }, false);
  }

  /**
   * Tells this node's MCP sessions that a kind's list changed when a full listing no longer holds a name the previous
   * one held. Why: an entry whose provider died goes when its TTL runs out, and reads skip it at once, but Hazelcast
   * fires the {@code EntryExpired} event (the catalog listener's list_changed) only when its expiration task, every
   * 5 s and sampling, or an access of that key finds the entry: on a loaded node, after a crash moved partitions, that
   * came more than 10 s after the tool had left the listing. A listing sees the loss itself; the event stays the way
   * a node with no listing learns it.
   */
  private void noticeVanished(String kind, List<JsonObject> entries) {
    Set<String> now = new HashSet<>();
    entries.forEach(e -> now.add(e.getString("name")));
    Set<String> before = listed.put(kind, now);
    if (before != null && !now.containsAll(before)) {
      listChanged(vertx, kind);
    }
  }

  /** Tells this node's MCP sessions (every transport) that the list of a kind of entries changed. */
  static void listChanged(Vertx vertx, String kind) {
    vertx.eventBus().publish(McpApi.LIST_CHANGED, new JsonObject().put("kind", kind),
      new DeliveryOptions().setLocalOnly(true));
  }

  /** Every entry of a kind (for matching resource templates). */
  public Future<List<JsonObject>> all(String kind) {
    return vertx.executeBlocking(() -> map.values(Predicates.equal("kind", kind)).stream()
      .map(v -> new JsonObject(v.toString())).toList(), false);
  }

  private static String encode(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
