package io.switchboard.session;

import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pages of the session listing, oldest first (ties by id), read through windows of creation time on sorted indexes of
 * the session map, so that a page costs about its own size whether the cluster holds 100 sessions or 100,000 (the
 * listing used to fetch, parse and sort every session for every page).
 * <p>
 * A page asks the map for the sessions created in {@code [lo, lo + width)} (and the filters), then in the next window,
 * until it holds one more session than the page or the windows pass the present. The width follows the density seen:
 * an empty window quadruples it, a sparse one grows it by what is still missing; the cursor carries the width that
 * would have held one page, so the next page starts right. The first page starts at the oldest creation time seen,
 * kept in a small map: advanced by unfiltered first pages (compare-and-set, so it never passes a value lowered
 * meanwhile), lowered before a session is reloaded from Redis, absent after a full restart (then one first page
 * searches from the epoch, in some twenty windows). The first window reaches from {@link #SKEW_MILLIS} before it (for
 * sessions made by nodes whose clocks lag) to just past it.
 * <p>
 * Sorted indexes on {@code createdAt}, {@code (owner, createdAt)} and {@code (state, createdAt)} answer the windows
 * (a filter on owner or state is an equality on the index's prefix). Methods marked blocking call the cluster
 * synchronously: run them on a worker.
 */
final class SessionPages {

  /** One entry, {@link #OLDEST}: the creation time (epoch ms) no listed session is older than, less the skew. */
  static final String OLDEST_MAP = "switchboard.sessions.oldest";
  static final String OLDEST = "createdAt";
  /** How far the nodes' clocks may disagree: a session created on a lagging node may be this much "older". */
  static final long SKEW_MILLIS = 10_000;
  /** The first window of a first page, in ms: small, because a burst of creations is dense. */
  static final long FIRST_WIDTH = 16;
  private static final long MAX_GROWTH = 64;

  static final Comparator<Session> ORDER = Comparator.comparingLong(Session::createdAt).thenComparing(Session::id);

  private final IMap<String, HazelcastJsonValue> sessions;
  private final IMap<String, Long> oldest;
  /** Sessions fetched by windows so far (a page's cost; the tests read it). */
  private final AtomicLong fetched = new AtomicLong();

  /** Blocking: creates the map proxy and asks for the indexes (idempotent, cluster-wide). */
  SessionPages(HazelcastInstance hz, IMap<String, HazelcastJsonValue> sessions) {
    this.sessions = sessions;
    this.oldest = hz.getMap(OLDEST_MAP);
    sessions.addIndex(IndexType.SORTED, "createdAt");
    sessions.addIndex(IndexType.SORTED, "owner", "createdAt");
    sessions.addIndex(IndexType.SORTED, "state", "createdAt");
  }

  /** Where a page ended: the last session's (createdAt, id), and the window width that would hold about one page. */
  record Cursor(long createdAt, String id, long width) {

    String encode() {
      return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((createdAt + ":" + width + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Null when it is no cursor of this API; the older form {@code createdAt:id} still reads (width unknown). */
    static Cursor decode(String s) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
        String[] parts = raw.split(":", 3);
        if (parts.length == 3) {
          long width = Long.parseLong(parts[1]);
          return width < 0 ? null : new Cursor(Long.parseLong(parts[0]), parts[2], width);
        }
        return new Cursor(Long.parseLong(parts[0]), raw.substring(raw.indexOf(':') + 1), 0);
      } catch (RuntimeException e) {
        return null;
      }
    }

    boolean before(Session s) {
      return s.createdAt() > createdAt || (s.createdAt() == createdAt && s.id().compareTo(id) > 0);
    }
  }

  /** Blocking. {@code {items: [...], nextCursor?}}: up to {@code limit} live sessions after {@code after}. */
  JsonObject page(String state, String owner, Cursor after, int limit, long now) {
    Long seen = after == null ? oldest.get(OLDEST) : null;
    long lo = after != null ? after.createdAt() : seen == null ? 0 : seen - SKEW_MILLIS;
    long width = after != null && after.width() > 0 ? after.width() : FIRST_WIDTH;
    // a first page's first window reaches just past the oldest session seen: the skew before it is mostly empty
    long firstHi = after == null && seen != null ? seen + FIRST_WIDTH : -1;
    long last = now + SKEW_MILLIS; // no session is created later than this
    int need = limit + 1;
    List<Session> found = new ArrayList<>(need);
    while (found.size() < need && lo <= last) {
      long hi = firstHi > lo ? firstHi : width >= last - lo ? last + 1 : lo + width;
      firstHi = -1;
      List<Session> in = new ArrayList<>();
      var values = sessions.values(window(state, owner, lo, hi));
      fetched.addAndGet(values.size());
      for (HazelcastJsonValue v : values) {
        Session s = Session.fromStored(new JsonObject(v.toString()));
        if (!s.expired(now) && (after == null || after.before(s))) {
          in.add(s);
        }
      }
      in.sort(ORDER);
      found.addAll(in);
      int missing = need - found.size();
      width = in.isEmpty() ? grow(width, 4)
        : grow(width, Math.min(MAX_GROWTH, Math.max(2, 3L * missing / (2L * in.size()) + 1)));
      lo = hi;
    }
    JsonArray items = new JsonArray();
    found.stream().limit(limit).forEach(s -> items.add(s.toApi()));
    JsonObject page = new JsonObject().put("items", items);
    if (found.size() > limit) {
      Session end = found.get(limit - 1);
      // the width that held about one page at the density this page saw
      long span = end.createdAt() - found.get(0).createdAt() + 1;
      page.put("nextCursor", new Cursor(end.createdAt(), end.id(), Math.max(1, span * need / limit)).encode());
    }
    if (after == null && state == null && owner == null) {
      // Nothing older than the first session found is live; with none found, any session created from now on is
      // at most the clock skew older than now.
      advance(seen, found.isEmpty() ? now : found.get(0).createdAt());
    }
    return page;
  }

  /** Sessions fetched by all pages so far. */
  long fetched() {
    return fetched.get();
  }

  /**
   * Before a session created at {@code createdAt} is put back (a reload from Redis): from then on first pages start
   * no later than it.
   */
  CompletionStage<Long> lower(long createdAt) {
    return oldest.submitToKey(OLDEST, new LowerOldestProcessor(createdAt));
  }

  /** The oldest session seen moved on (older ones were deleted or expired): first pages start there. */
  private void advance(Long seen, long createdAt) {
    if (seen == null) {
      oldest.putIfAbsent(OLDEST, createdAt);
    } else if (createdAt > seen) {
      oldest.replace(OLDEST, seen, createdAt); // not if a reload lowered it meanwhile
    }
  }

  private static long grow(long width, long factor) {
    return width > Long.MAX_VALUE / factor ? Long.MAX_VALUE : width * factor;
  }

  private static Predicate<String, HazelcastJsonValue> window(String state, String owner, long lo, long hi) {
    List<Predicate<String, HazelcastJsonValue>> parts = new ArrayList<>(4);
    if (owner != null) {
      parts.add(Predicates.equal("owner", owner));
    }
    if (state != null) {
      parts.add(Predicates.equal("state", state));
    }
    parts.add(Predicates.greaterEqual("createdAt", lo));
    parts.add(Predicates.lessThan("createdAt", hi));
    return Predicates.and(parts.toArray(Predicate[]::new));
  }
}
