package io.switchboard.session;

import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.support.HazelcastMembers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session listing's windows over a real Hazelcast member: every live session exactly once and in order, whatever
 * the spacing of creation times (a burst in one millisecond, minutes, months apart), with filters; an older session
 * put back from Redis is listed first; and a page fetches about its own size at 100 as at 20,000 sessions.
 */
class SessionPagesTest {

  private static final long DAY = TimeUnit.DAYS.toMillis(1);

  private static HazelcastInstance hz;
  private static IMap<String, HazelcastJsonValue> sessions;
  private static SessionPages pages;

  @BeforeAll
  static void start() {
    hz = HazelcastMembers.standalone();
    // as SessionService declares it: without JSON metadata, every query answered by the listing's indexes
    ClusterNode.ensureNoJsonMetadata(hz, SessionApi.MAP);
    assertEquals(MetadataPolicy.OFF, hz.getConfig().findMapConfig(SessionApi.MAP).getMetadataPolicy());
    sessions = hz.getMap(SessionApi.MAP);
    pages = new SessionPages(hz, sessions);
  }

  @AfterAll
  static void stop() {
    HazelcastMembers.shutdown(hz);
  }

  @AfterEach
  void clear() {
    sessions.clear();
    hz.getMap(SessionPages.OLDEST_MAP).clear();
  }

  private static int n;

  private static Session put(long createdAt, String owner, SessionState state, long now) {
    Session s = new Session(String.format("s%06d", n++), "t", owner, state, new JsonObject(), createdAt, createdAt,
      now + DAY, 1);
    sessions.set(s.id(), new HazelcastJsonValue(s.toStored().encode()));
    return s;
  }

  /** Every page from the first, as the REST API walks them: ids in order. */
  private static List<String> walk(String state, String owner, int limit, long now) {
    List<String> ids = new ArrayList<>();
    SessionPages.Cursor after = null;
    for (int i = 0; i < 10_000; i++) {
      JsonObject page = pages.page(state, owner, after, limit, now);
      JsonArray items = page.getJsonArray("items");
      assertTrue(items.size() <= limit);
      items.forEach(item -> ids.add(((JsonObject) item).getString("id")));
      String next = page.getString("nextCursor");
      if (next == null) {
        return ids;
      }
      assertEquals(limit, items.size(), "a page with a next cursor is full");
      after = SessionPages.Cursor.decode(next);
    }
    throw new AssertionError("the walk did not end");
  }

  private static List<String> expected(List<Session> all, Predicate<Session> keep) {
    return all.stream().filter(keep).sorted(SessionPages.ORDER).map(Session::id).toList();
  }

  @Test
  void everyLiveSessionOnceInOrderWhateverTheSpacing() {
    long now = System.currentTimeMillis();
    List<Session> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // months apart
      all.add(put(now - 400 * DAY + i * 9 * DAY, "alice", SessionState.ACTIVE, now));
    }
    for (int i = 0; i < 60; i++) { // hours apart
      all.add(put(now - 30 * DAY + i * TimeUnit.HOURS.toMillis(5), i % 3 == 0 ? "bob" : "alice",
        i % 2 == 0 ? SessionState.SUSPENDED : SessionState.ACTIVE, now));
    }
    for (int i = 0; i < 300; i++) { // a burst in one millisecond
      all.add(put(now - DAY, i % 5 == 0 ? "bob" : "carol", SessionState.ACTIVE, now));
    }
    for (int i = 0; i < 200; i++) { // one per millisecond, up to now
      all.add(put(now - 200 + i, "carol", i % 4 == 0 ? SessionState.ENDED : SessionState.ACTIVE, now));
    }
    Session expired = new Session("expired", "t", "alice", SessionState.ACTIVE, new JsonObject(), now - DAY,
      now - DAY, now - 1, 1);
    sessions.set(expired.id(), new HazelcastJsonValue(expired.toStored().encode()));

    for (int limit : new int[] {1, 7, 50, 200}) {
      assertEquals(expected(all, s -> true), walk(null, null, limit, now), "limit " + limit);
    }
    assertEquals(expected(all, s -> s.owner().equals("bob")), walk(null, "bob", 7, now));
    assertEquals(expected(all, s -> s.state() == SessionState.SUSPENDED), walk("suspended", null, 7, now));
    assertEquals(expected(all, s -> s.owner().equals("alice") && s.state() == SessionState.ACTIVE),
      walk("active", "alice", 7, now));
    assertEquals(List.of(), walk(null, "nobody", 7, now));
  }

  @Test
  void aSessionPutBackFromRedisIsListedFirst() throws Exception {
    long now = System.currentTimeMillis();
    List<Session> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(put(now - 1000 + i, "alice", SessionState.ACTIVE, now));
    }
    assertEquals(expected(all, s -> true), walk(null, null, 10, now)); // first pages now start at the oldest of these
    pages.lower(now - 90 * DAY).toCompletableFuture().get(10, TimeUnit.SECONDS); // SessionRestore does this first
    all.add(put(now - 90 * DAY, "alice", SessionState.ACTIVE, now));
    List<String> walked = walk(null, null, 10, now);
    assertEquals(expected(all, s -> true), walked);
    assertEquals(all.get(30).id(), walked.get(0));
  }

  @Test
  void anEmptyListingLetsLaterSessionsIn() {
    long now = System.currentTimeMillis();
    assertEquals(List.of(), walk(null, null, 10, now));
    // made a moment later, by a node whose clock lags by a few seconds
    Session late = put(now - 3_000, "alice", SessionState.ACTIVE, now);
    assertEquals(List.of(late.id()), walk(null, null, 10, now + 10));
  }

  @Test
  void aPageFetchesAboutItsOwnSizeAtAnyCount() {
    long now = System.currentTimeMillis();
    double small = fetchedPerPage(100, now);
    clear();
    double large = fetchedPerPage(20_000, now);
    // 4 sessions per millisecond, as a REST benchmark creates them; pages of 20
    assertTrue(small <= 4 * 21, "fetched per page at 100 sessions: " + small);
    assertTrue(large <= 4 * 21, "fetched per page at 20,000 sessions: " + large);
  }

  /** Sessions created 4 per ms ending now; the first page (twice: the second starts at the oldest seen) and 20 more. */
  private static double fetchedPerPage(int count, long now) {
    for (int i = 0; i < count; i++) {
      put(now - count / 4 + i / 4, "alice", SessionState.ACTIVE, now);
    }
    pages.page(null, null, null, 20, now); // the first listing ever finds the oldest session (and remembers it)
    long before = pages.fetched();
    JsonObject page = pages.page(null, null, null, 20, now);
    int walked = 1;
    for (; walked < 21 && page.getString("nextCursor") != null; walked++) {
      page = pages.page(null, null, SessionPages.Cursor.decode(page.getString("nextCursor")), 20, now);
    }
    return (pages.fetched() - before) / (double) walked;
  }

  @Test
  void cursorsOfTheEarlierFormStillRead() {
    String old = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1700000000000:abc".getBytes());
    SessionPages.Cursor c = SessionPages.Cursor.decode(old);
    assertEquals(new SessionPages.Cursor(1700000000000L, "abc", 0), c);
    assertEquals(c.createdAt(), SessionPages.Cursor.decode(new SessionPages.Cursor(1700000000000L, "a:b", 5).encode()).createdAt());
    assertEquals("a:b", SessionPages.Cursor.decode(new SessionPages.Cursor(1700000000000L, "a:b", 5).encode()).id());
    assertNull(SessionPages.Cursor.decode("bm90LWEtY3Vyc29y"));
  }
}
