package io.switchboard.load.peer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.nio.charset.StandardCharsets;

/**
 * {@link VertxRest}'s sessions, shared by its event loops: id → session, and (createdAt, id) → id in a skip list, so
 * that a page costs O(log n + limit) whatever the count. A write is atomic per id ({@code compute}); the order is
 * kept beside it, which is all a ceiling needs.
 */
final class RestStore {

  /** Position of a session in the listing order: oldest first, ties by id. */
  record Key(long createdAt, String id) {
    static final Comparator<Key> ORDER = Comparator.comparingLong(Key::createdAt).thenComparing(Key::id);

    String cursor() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((createdAt + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Key fromCursor(String cursor) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        return new Key(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  /** What a conditional write found: the session after it, or why it did not happen. */
  record Outcome(JsonObject session, int status) {
  }

  private final Map<String, JsonObject> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Key, String> order = new ConcurrentSkipListMap<>(Key.ORDER);

  JsonObject create(String title, long ttlSeconds) {
    long now = System.currentTimeMillis();
    String id = UUID.randomUUID().toString();
    String at = Instant.ofEpochMilli(now).toString();
    JsonObject s = new JsonObject().put("id", id).put("title", title).put("owner", "anyone").put("state", "active")
        .put("metadata", new JsonObject()).put("createdAt", at).put("updatedAt", at)
        .put("expiresAt", Instant.ofEpochMilli(now + ttlSeconds * 1000).toString()).put("version", 1L)
        .put("_created", now);
    byId.put(id, s);
    order.put(new Key(now, id), id);
    return s;
  }

  JsonObject get(String id) {
    return byId.get(id);
  }

  /** A merge patch of the title; {@code ifMatch} -1 is unconditional. Status 404, 412 or 200. */
  Outcome update(String id, String title, long ifMatch) {
    int[] status = {404};
    JsonObject after = byId.computeIfPresent(id, (k, s) -> {
      if (ifMatch >= 0 && s.getLong("version") != ifMatch) {
        status[0] = 412;
        return s;
      }
      status[0] = 200;
      JsonObject next = s.copy().put("version", s.getLong("version") + 1)
          .put("updatedAt", Instant.now().toString());
      if (title != null) {
        next.put("title", title);
      }
      return next;
    });
    return new Outcome(after, status[0]);
  }

  /** Status 404, 412 or 204. */
  int delete(String id, long ifMatch) {
    int[] status = {404};
    byId.computeIfPresent(id, (k, s) -> {
      if (ifMatch >= 0 && s.getLong("version") != ifMatch) {
        status[0] = 412;
        return s;
      }
      status[0] = 204;
      order.remove(new Key(s.getLong("_created"), id));
      return null;
    });
    return status[0];
  }

  /** The page after {@code after} (null: the first page): {@code {items, nextCursor?}}. */
  JsonObject page(Key after, int limit) {
    var tail = after == null ? order : order.tailMap(after, false);
    JsonArray items = new JsonArray();
    Key last = null;
    boolean more = false;
    for (Map.Entry<Key, String> e : tail.entrySet()) {
      if (items.size() == limit) {
        more = true;
        break;
      }
      JsonObject s = byId.get(e.getValue());
      if (s != null) {
        items.add(view(s));
        last = e.getKey();
      }
    }
    JsonObject page = new JsonObject().put("items", items);
    if (more && last != null) {
      page.put("nextCursor", last.cursor());
    }
    return page;
  }

  /** The session as the API shows it (without the internal creation stamp). */
  static JsonObject view(JsonObject s) {
    JsonObject v = s.copy();
    v.remove("_created");
    return v;
  }
}
