package io.switchboard.topic;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.cluster.EntryStore;
import io.switchboard.cluster.HazelcastEntryStore;
import io.switchboard.cluster.LocalEntryStore;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.Position;
import io.switchboard.protocol.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The topic logs: one {@link TopicLog} per topic in an {@link EntryStore} — in a cluster the Hazelcast map {@link #MAP}
 * (in-memory format OBJECT, one backup), on a standalone node its own memory. Appends run as an entry processor on
 * the topic's entry (in a cluster on the owner of the topic's partition), so sequence numbers are handed out
 * atomically and duplicates are recognised; reads run as read-only processors that return only the slice asked for.
 * Every call returns a Vert.x {@link Future} completed on the caller's context; nothing blocks the event loop
 * (except {@link #create}, which registers the map configuration once).
 * <p>
 * One instance per node (or per Vert.x) is enough; it is thread-safe.
 */
public final class TopicLogs {

  public static final String MAP = "switchboard.topics";

  private static final Logger LOG = LoggerFactory.getLogger(TopicLogs.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  /** The epoch and seq a stored frame carries until a reader substitutes the log's own. */
  private static final String PLACEHOLDER_EPOCH = "-";

  private final Vertx vertx;
  private final TopicArchive archive;
  private final EntryStore<TopicLog> store;
  private final TopicSettings settings;
  private final LongSupplier clock;
  private final String idPrefix = randomId(13) + "-";
  private final AtomicLong idCounter = new AtomicLong();
  private final AppendQueue appends = new AppendQueue(this::commit);

  private TopicLogs(Vertx vertx, EntryStore<TopicLog> store, TopicSettings settings, LongSupplier clock) {
    this.vertx = vertx;
    this.archive = TopicArchive.find(vertx);
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Registers the map config (in-memory format OBJECT, 1 backup) dynamically on the instance, idempotently, and
   * returns the service. Registering is a short cluster-wide call: do it at start-up, or use {@link #open}.
   */
  public static TopicLogs create(Vertx vertx, HazelcastInstance hz, TopicSettings settings) {
    return create(vertx, hz, settings, System::currentTimeMillis);
  }

  /** As {@link #create(Vertx, HazelcastInstance, TopicSettings)} with the clock that stamps and ages messages. */
  public static TopicLogs create(Vertx vertx, HazelcastInstance hz, TopicSettings settings, LongSupplier clock) {
    return create(vertx, new HazelcastEntryStore<TopicLog>(vertx, hz, MAP), settings, clock);
  }

  /** A standalone node's logs, in its own memory ({@link LocalEntryStore}). */
  public static TopicLogs local(Vertx vertx, TopicSettings settings) {
    return create(vertx, new LocalEntryStore<TopicLog>(), settings, System::currentTimeMillis);
  }

  static TopicLogs create(Vertx vertx, EntryStore<TopicLog> store, TopicSettings settings, LongSupplier clock) {
    return new TopicLogs(vertx, store, Objects.requireNonNull(settings, "settings"),
      Objects.requireNonNull(clock, "clock"));
  }

  /** {@link #create} on a worker thread, for callers on the event loop. */
  public static Future<TopicLogs> open(Vertx vertx, HazelcastInstance hz, TopicSettings settings) {
    return vertx.executeBlocking(() -> create(vertx, hz, settings), false);
  }

  /**
   * The node's logs: in the cluster's Hazelcast map when the node is clustered, in its own memory when it is
   * standalone (it has nobody to share them with: docs/architecture.md §2).
   */
  public static Future<TopicLogs> open(Vertx vertx, ClusterNode node, TopicSettings settings) {
    return node.clustered() ? open(vertx, node.hazelcast(), settings)
      : Future.succeededFuture(local(vertx, settings));
  }


  public TopicSettings settings() {
    return settings;
  }

  /** Whether the logs live in the cluster's map (else in this node's memory). */
  boolean remoteStore() {
    return store.remote();
  }

  // ------------------------------------------------------------------ append

  /**
   * An appended (or recognised duplicate) message as stored; {@code frame}, for an appended one, is the MsgPack frame
   * the log keeps (its epoch, seq and ts placeholders), from which the delivered frame is made without packing the
   * payload again ({@code Envelope.of(Deliver, byte[])}).
   */
  public record Appended(Deliver deliver, boolean duplicate, byte[] frame) {
    public Appended(Deliver deliver, boolean duplicate) {
      this(deliver, duplicate, null);
    }
  }

  /**
   * Appends; returns the Deliver as stored (epoch, seq, messageId, ts assigned here) and whether it was a duplicate
   * (then: the original Deliver, nothing appended). Duplicate detection is per topic and keyed by (publisher,
   * clientMessageId); a null {@code clientMessageId} is never a duplicate. Fails with the protocol's
   * {@code ProtocolException} for an invalid topic, publisher or e2e payload.
   * <p>
   * For a duplicate whose original has already left the kept history, the answer is rebuilt from what is remembered
   * (epoch, seq, messageId, ts, publisher) with this call's payload.
   * <p>
   * Appends to one topic made through this instance are group-committed ({@link AppendQueue}): answered in the order
   * they were made, each on its caller's context. Fails with {@link TopicBusyException} when too many appends to the
   * topic already wait on this instance.
   */
  public Future<Appended> append(String topic, String publisher, String clientMessageId, Object payload, boolean e2e) {
    if (clientMessageId != null && clientMessageId.length() > Protocol.MAX_ID_LENGTH) {
      return Future.failedFuture(new IllegalArgumentException("clientMessageId longer than " + Protocol.MAX_ID_LENGTH
        + " characters"));
    }
    return append(topic, publisher, clientMessageId == null ? null : TopicLog.dedupKey(publisher, clientMessageId),
      payload, e2e, null);
  }

  /**
   * Appends a message published in another deployment (federation, docs/federation.md): it gets a seq of this
   * deployment and keeps its {@code origin}. Every node of the deployment receives it and calls this; the dedup
   * memory keyed by (origin, origin's message id) lets exactly one of them append it, the others get a duplicate
   * (and must not fan it out). The key starts with {@code fed:}, which no client key does (those start with a
   * length), so a client cannot pre-empt an import.
   */
  public Future<Appended> appendImported(String topic, String publisher, Object payload, boolean e2e, String origin,
                                         String originMessageId) {
    Objects.requireNonNull(origin, "origin");
    return append(topic, publisher, "fed:" + origin.length() + ":" + origin + originMessageId, payload, e2e, origin);
  }

  private Future<Appended> append(String topic, String publisher, String dedupKey, Object payload, boolean e2e,
                                  String origin) {
    long now = clock.getAsLong();
    String messageId = nextMessageId();
    Deliver template;
    byte[] frame;
    try {
      template = new Deliver(topic, PLACEHOLDER_EPOCH, 0, messageId, publisher, now, payload, e2e, null, origin);
      frame = Frames.encodeMsgPackBytes(template);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    // Group commit only pays where a call has a trip to amortise; in memory the one append is answered at once.
    Future<TopicLog.Appended> appended = store.remote()
      ? appends.append(vertx, topic, dedupKey, messageId, now, frame)
      : commit(topic, List.of(new AppendQueue.Pending(dedupKey, messageId, now, frame, null, null))).map(r -> r[0]);
    return appended.map(result -> {
      Deliver deliver;
      byte[] stored = null;
      if (!result.duplicate()) {
        stored = frame;
        deliver = stamp(template, result.epoch(), result.seq(), result.ts());
        if (archive != null) {
          archive.append(topic, result.epoch(), result.seq(), result.ts(), frame);
        }
      } else if (result.frame() != null) {
        deliver = stamp(decode(result.frame()), result.epoch(), result.seq(), result.ts());
      } else {
        deliver = new Deliver(topic, result.epoch(), result.seq(), result.messageId(), publisher, result.ts(), payload,
          e2e, null, origin);
      }
      return new Appended(deliver, result.duplicate(), stored);
    });
  }

  /**
   * Sends one batch of appends for a topic ({@link AppendQueue} calls it, at most one call per topic at a time).
   * With an archive, a missing log is not created blindly: its numbering may survive in Redis (restore first, then
   * the same batch again, now allowed to create the log).
   */
  private Future<TopicLog.Appended[]> commit(String topic, List<AppendQueue.Pending> batch) {
    // A new log's epoch is drawn by the caller (the backup must reach the same state). Over the network the first
    // call carries one, so a new topic costs one trip; in memory a second call is free, so the random draw (a
    // quarter of an append's CPU there) is made only for a topic that has no log yet.
    boolean mayCreate = archive == null && store.remote();
    AppendBatchProcessor append = new AppendBatchProcessor(batch, mayCreate ? randomId(12) : null, settings);
    return store.submit(topic, append).compose(results -> results != null
      ? Future.succeededFuture(results.all())
      : (archive == null ? Future.<Void>succeededFuture() : restore(topic))
        .compose(v -> store.submit(topic, new AppendBatchProcessor(batch, randomId(12), settings)))
        .map(AppendResults::all));
  }

  // ------------------------------------------------------------------ reads

  /**
   * The topic's current position: (epoch, seq of the last message, 0 if none). Creates the log with a fresh epoch if
   * absent (so subscribing to an empty topic yields a position to resume from later).
   */
  public Future<Position> position(String topic) {
    try {
      Topics.requireTopic("topic", topic);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return slice(topic, null, 0).map(slice -> new Position(slice.epoch(), slice.lastSeq()));
  }

  /**
   * What a client that processed everything up to {@code from} missed, in order.
   *
   * @param messages at most {@code max} messages; complete when {@link #more()} is false
   * @param gap      null when nothing was lost; otherwise the gap to send first ({@code available} is where
   *                 {@code messages} continue from)
   * @param position the topic's head
   */
  public record Replay(List<Deliver> messages, Gap gap, Position position) {

    /** Messages beyond the returned ones exist (the caller asked for fewer): replay again after the last one. */
    public boolean more() {
      long last = messages.isEmpty() ? (gap != null ? gap.available().seq() : -1) : messages.get(messages.size() - 1).seq();
      return last >= 0 && last < position.seq();
    }
  }

  /**
   * Messages with seq &gt; {@code from.seq} in order (at most {@code max}), or a gap: {@code epoch_changed} when
   * {@code from.epoch} is not the log's epoch (e.g. the log was lost and recreated), {@code history_truncated} when
   * messages after {@code from} are no longer kept; in both cases {@code available} = (epoch, first kept seq - 1),
   * and the messages returned are the kept ones after {@code available}, so the client continues from there.
   * A position beyond the head (never handed out) gets no messages and no gap. Creates the log if absent.
   */
  public Future<Replay> replay(String topic, Position from, int max) {
    try {
      Topics.requireTopic("topic", topic);
      Objects.requireNonNull(from, "from");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return slice(topic, from, max).compose(slice -> {
      List<Deliver> messages = new ArrayList<>(slice.frames().length);
      for (int i = 0; i < slice.frames().length; i++) {
        messages.add(stamp(decode(slice.frames()[i]), slice.epoch(), slice.firstSeq() + i, slice.times()[i]));
      }
      Gap gap = slice.reason() == null ? null
        : new Gap(topic, from, new Position(slice.epoch(), slice.availableSeq()), slice.reason());
      Replay memory = new Replay(messages, gap, new Position(slice.epoch(), slice.lastSeq()));
      if (archive == null || !Gap.TRUNCATED.equals(slice.reason()) || max <= 0) {
        return Future.succeededFuture(memory);
      }
      // Older than memory holds: the archive may still have the messages from.seq+1 .. availableSeq.
      return archive.read(topic, slice.epoch(), from.seq(), slice.availableSeq(), max)
        .map(entries -> ArchiveReplay.merge(memory, from, slice.availableSeq(), entries, max))
        .otherwise(err -> {
          LOG.debug("topic {}: history older than memory unavailable: {}", topic, err.getMessage());
          return ArchiveReplay.unavailable(memory);
        });
    });
  }

  /**
   * The topic has no log in the cluster's memory: if the archive holds its numbering, recreate the log with that
   * epoch and last seq, so numbering continues and old positions stay valid. Redis unreachable or empty: nothing
   * is done and the caller creates a log with a fresh epoch (documented in docs/durability.md).
   */
  private Future<Void> restore(String topic) {
    return archive.recover(topic)
      .otherwise(err -> {
        LOG.warn("topic {}: cannot recover its numbering from Redis ({}); starting a new epoch", topic, err.getMessage());
        return null;
      })
      .compose(pos -> pos == null ? Future.succeededFuture()
        : store.submit(topic, new OpenProcessor(null, 0, clock.getAsLong(), pos.epoch(), pos.seq(), settings))
          .mapEmpty());
  }

  /** Read-only first; the writing processor only when the log is missing (creates it) or holds expired messages. */
  private Future<TopicLog.Slice> slice(String topic, Position from, int max) {
    long now = clock.getAsLong();
    ReadProcessor read = new ReadProcessor(from, max, now, settings);
    return store.submit(topic, read).compose(slice -> {
      if (slice == null) {
        Future<Void> restored = archive == null ? Future.succeededFuture() : restore(topic);
        return restored.compose(v -> store.submit(topic, new OpenProcessor(from, max, now, randomId(12), settings)));
      }
      if (slice.stale()) {
        // Tidy up in the background: the answer is already right (expired messages are skipped).
        store.submit(topic, new OpenProcessor(null, 0, now, randomId(12), settings));
      }
      return Future.succeededFuture(slice);
    });
  }

  // ------------------------------------------------------------------ helpers

  static Deliver stamp(Deliver d, String epoch, long seq, long ts) {
    return new Deliver(d.topic(), epoch, seq, d.messageId(), d.publisher(), ts, d.payload(), d.e2e(), d.sig(),
      d.origin());
  }

  /** Stored frames were produced by this class: decoded without the client frame-size limit. */
  static Deliver decode(byte[] frame) {
    return (Deliver) Envelope.fromMsgPack(Buffer.buffer(frame)).message();
  }


  /** Unique per node: a random 67-bit prefix chosen when this service starts, then a counter. */
  String nextMessageId() {
    return idPrefix + Long.toString(idCounter.incrementAndGet(), 36);
  }

  static String randomId(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }
}
