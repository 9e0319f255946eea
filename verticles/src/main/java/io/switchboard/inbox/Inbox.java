package io.switchboard.inbox;

import io.micrometer.core.instrument.Counter;
import io.switchboard.metrics.NodeMetrics;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.topic.UserSegment;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.InboxItem;
import io.switchboard.redis.RedisStore;
import io.switchboard.redis.RedisWrite;
import io.switchboard.redis.RedisScripts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-user offline inboxes in Redis (docs/durability.md, "Offline inbox"): every message addressed to a user (a
 * publish to {@code user.<name>.inbox}, a mention, a session invitation) is stored there, whether or not the user
 * is connected, and pushed live to the user's connections on every node ({@link #LIVE}); a connecting gateway reads
 * the inbox, and an {@code inbox_ack} removes what the connection was sent. Storing always (rather than only when
 * the user looks offline) needs no presence registry and has no race between "offline" and "connecting".
 * <p>
 * Appends go through the store's write-behind buffer (so a Redis outage delays them, bounded and counted, and never
 * slows a publish); reads and acks are direct calls that fail at once while Redis is unreachable. Exists only when
 * Redis is configured ({@link #find}).
 */
public final class Inbox {

  /** Clustered publish: an {@link InboxItem} envelope with header {@link #USER}, for the gateways to push live. */
  public static final String LIVE = "switchboard.inbox.live";
  public static final String USER = "user";

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
  private static final String APPEND = RedisScripts.load("redis/inbox-append.lua");
  private static final String READ = RedisScripts.load("redis/inbox-read.lua");
  private static final String ACK = RedisScripts.load("redis/inbox-ack.lua");
  /** The live push waits for the write to reach Redis (see {@link #push}), but never longer than this. */
  static final long PUSH_WAIT_MS = 1000;
  private static final long TRIM_LOG_MS = 5000;
  private static final String NODE_TAG = randomTag();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final AtomicLong TRIMS_UNLOGGED = new AtomicLong();
  private static final AtomicLong LAST_TRIM_LOG = new AtomicLong();

  /** What a connecting client is sent: the stored messages in order, and how many were trimmed since its last ack. */
  public record Stored(List<InboxItem> items, long trimmed) {
  }

  private final Vertx vertx;
  private final RedisStore store;
  private final InboxSettings settings;
  private final Counter appended;
  private final Counter trimmed;
  private final Counter acked;
  private final NodeMetrics metrics;

  private Inbox(Vertx vertx, RedisStore store, InboxSettings settings) {
    this.vertx = vertx;
    this.store = store;
    this.settings = settings;
    this.metrics = NodeMetrics.get(vertx);
    this.appended = counter("switchboard_inbox_appended", "messages put in users' offline inboxes");
    this.trimmed = counter("switchboard_inbox_trimmed", "inbox messages dropped unacknowledged (inbox full or too old)");
    this.acked = counter("switchboard_inbox_acked", "inbox messages removed by an inbox_ack");
  }

  /** The node's inbox, or null without Redis (then the feature is off: no {@code inbox} in {@code ready.features}). */
  public static Inbox find(Vertx vertx, JsonObject config) {
    RedisStore store = RedisStore.find(vertx);
    return store == null ? null : new Inbox(vertx, store, InboxSettings.from(config));
  }

  public InboxSettings settings() {
    return settings;
  }

  /** The topic whose messages are direct messages to the user whose subject is {@code user}. */
  public static String directTopic(String user) {
    return "user." + UserSegment.of(user) + ".inbox";
  }

  /**
   * The user a topic of the form {@code user.<segment>.inbox} addresses, as its {@link UserSegment} (inboxes are
   * keyed by segment, so a subject with a dot or a wildcard has one inbox of its own), or null.
   */
  public static String directRecipient(String topic) {
    String[] s = topic.split("\\.", -1);
    return s.length == 3 && s[0].equals("user") && s[2].equals("inbox") ? s[1] : null;
  }

  /**
   * Puts an accepted message in the inbox of each user it is addressed to: the owner of a {@code user.<name>.inbox}
   * topic (with {@code directReason}), and each mentioned user but the publisher ({@code mention}).
   */
  public void address(Deliver d, String directReason, List<String> mentions) {
    Map<String, String> recipients = new LinkedHashMap<>();
    String direct = directRecipient(d.topic());
    if (direct != null) {
      recipients.put(direct, directReason);
    }
    for (String m : mentions) {
      if (!m.isEmpty() && !m.equals(d.publisher())) {
        recipients.putIfAbsent(UserSegment.of(m), InboxItem.MENTION);
      }
    }
    recipients.forEach((user, reason) -> append(user, reason, d));
  }

  private void append(String user, String reason, Deliver d) {
    long now = System.currentTimeMillis();
    InboxItem item = new InboxItem(id(now), reason, d);
    byte[] frame = Frames.encodeMsgPackBytes(item);
    String[] k = keys(user);
    Request eval = Request.cmd(Command.EVAL).arg(APPEND).arg(2).arg(k[0]).arg(k[1]).arg(item.inboxId()).arg(frame)
      .arg(settings.maxMessages()).arg(oldestKept(now)).arg(settings.maxAgeMillis());
    store.enqueue(new RedisWrite(List.of(eval), frame.length + 2 * k[1].length() + 64,
      reply -> trimmed(user, reply == null ? 0 : reply.toLong(), "full")));
    appended.increment();
    push(user, item);
  }

  /**
   * Publishes the item to the gateways once its write has reached Redis (or after {@link #PUSH_WAIT_MS}; at once
   * while Redis is unreachable). Waiting closes the race with a connecting client: a connection registers for live
   * pushes before it reads the inbox, so an item either reaches Redis before that read or is pushed after the
   * registration. Duplicates (pushed and read) are dropped by inbox id in the gateway.
   */
  private void push(String user, InboxItem item) {
    Promise<Void> ready = Promise.promise();
    if (store.healthy()) {
      long timer = vertx.setTimer(PUSH_WAIT_MS, t -> ready.tryComplete());
      store.flushed().onComplete(ar -> {
        vertx.cancelTimer(timer);
        ready.tryComplete();
      });
    } else {
      ready.complete();
    }
    ready.future().onComplete(v -> vertx.eventBus().publish(LIVE, Envelope.of(item),
      new DeliveryOptions().addHeader(USER, user)));
  }

  /** The user's stored messages in order (at most {@code inbox.max-messages}); fails at once while Redis is down. */
  public Future<Stored> read(String user) {
    String[] k = keys(user);
    Request eval = Request.cmd(Command.EVAL).arg(READ).arg(2).arg(k[0]).arg(k[1])
      .arg(oldestKept(System.currentTimeMillis())).arg(settings.maxMessages());
    return store.read(eval).map(r -> {
      trimmed(user, r.get(1).toLong(), "too old");
      List<InboxItem> items = new ArrayList<>(r.size() / 2);
      for (int i = 2; i + 1 < r.size(); i += 2) {
        items.add((InboxItem) Frames.decode(Buffer.buffer(r.get(i + 1).toBytes()), Encoding.MSGPACK));
      }
      metrics.inboxDelivered("stored", items.size());
      return new Stored(items, r.get(0).toLong());
    });
  }

  /** Removes these messages (those a connection was sent); the number that were still there. */
  public Future<Long> remove(String user, List<String> inboxIds) {
    if (inboxIds.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    String[] k = keys(user);
    Request eval = Request.cmd(Command.EVAL).arg(ACK).arg(2).arg(k[0]).arg(k[1]);
    inboxIds.forEach(eval::arg);
    return store.read(eval).map(Response::toLong).onSuccess(acked::increment);
  }

  private void trimmed(String user, long n, String why) {
    if (n <= 0) {
      return;
    }
    trimmed.increment(n);
    long unlogged = TRIMS_UNLOGGED.addAndGet(n);
    long now = System.currentTimeMillis();
    long last = LAST_TRIM_LOG.get();
    if (now - last >= TRIM_LOG_MS && LAST_TRIM_LOG.compareAndSet(last, now)) {
      TRIMS_UNLOGGED.addAndGet(-unlogged);
      LOG.warn("offline inbox of '{}' {}: dropped its oldest message(s); {} inbox message(s) dropped on this node "
        + "since the last report (bounds: {} messages, {} s)", user, why, unlogged, settings.maxMessages(),
        settings.maxAgeMillis() / 1000);
    }
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(metrics.registry());
  }

  /** The two keys of a user's inbox; the hash tag keeps them in one slot should Redis be a cluster. */
  private String[] keys(String user) {
    String base = store.key("inbox:{" + user + "}");
    return new String[]{base, base + ":items"};
  }

  /** Ids below this one are older than {@code inbox.max-age-seconds}. */
  private String oldestKept(long now) {
    return String.format("%013d", Math.max(0, now - settings.maxAgeMillis()));
  }

  /** Zero-padded time, this node's tag, a zero-padded counter: string order is time order, then this node's order. */
  private static String id(long now) {
    return String.format("%013d-%s-%012d", now, NODE_TAG, COUNTER.incrementAndGet());
  }

  private static String randomTag() {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      b.append("0123456789abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(36)));
    }
    return b.toString();
  }
}
