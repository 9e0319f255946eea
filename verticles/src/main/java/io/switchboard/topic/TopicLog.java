package io.switchboard.topic;

import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.Position;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;

/**
 * One topic's log as stored in the Hazelcast map (in-memory format OBJECT): the epoch, the last sequence number
 * handed out, the kept messages and the duplicate-detection memory. Plain Java, no Vert.x or Hazelcast types, so
 * that its rules are testable on their own; the entry processors only call {@link #append} and {@link #slice}.
 * <p>
 * Deterministic: every input that is not already in the log (time, message id, epoch) comes from the caller, so
 * the primary and the backup replica, applying the same processor, reach the same state.
 * <p>
 * Messages are kept in a ring buffer of parallel arrays (accept time, stored frame bytes). Their sequence numbers are
 * contiguous, ending at {@link #lastSeq()}, so a message is found by index and none stores its own seq. The frame is
 * the MsgPack encoding of the message's {@code Deliver} built by the caller with a placeholder epoch and seq (the
 * only fields decided here); the reader substitutes the real ones. Appending is O(1) amortised (one array store,
 * evictions from the head, one insert into the {@link DedupMemory} and removals from its old end).
 * <p>
 * Accept times are made monotonic per log ({@code max(now, previous)}) so that age eviction from the head and the
 * order of seq agree even if the nodes' clocks disagree slightly.
 */
public final class TopicLog implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String epoch;
  private long lastSeq;
  private long lastTs;
  private long totalBytes;

  // ring buffer: size messages starting at head, seqs lastSeq-size+1 .. lastSeq
  private transient long[] times;
  private transient byte[][] frames;
  private transient int head;
  private transient int size;

  /** (publisher, client message id) key -> accepted message, oldest first. */
  private transient DedupMemory dedup;

  /**
   * Nothing kept expires before this time under {@link #expirySettings} (an earlier time is always safe: it only
   * costs a look). Why: every append looked at the oldest message and walked an iterator over the dedup memory to
   * find nothing due, 4.4 % of a node's samples relaying small messages; now an append compares two numbers.
   */
  private transient long expiresNext = Long.MIN_VALUE;
  private transient TopicSettings expirySettings;

  public TopicLog(String epoch) {
    this(epoch, 0);
  }

  /**
   * A log that continues a numbering kept elsewhere (recovered from Redis after the cluster lost its memory): no
   * message is kept in memory, the next append gets {@code lastSeq + 1}.
   */
  public TopicLog(String epoch, long lastSeq) {
    this.epoch = epoch;
    this.lastSeq = lastSeq;
    this.times = new long[8];
    this.frames = new byte[8][];
    this.dedup = new DedupMemory();
  }

  public String epoch() {
    return epoch;
  }

  public long lastSeq() {
    return lastSeq;
  }

  /** Messages physically kept (some may already be past their age; see {@link #slice}). */
  public int size() {
    return size;
  }

  public long totalBytes() {
    return totalBytes;
  }

  public int dedupSize() {
    return dedup.size();
  }

  public Position position() {
    return new Position(epoch, lastSeq);
  }

  /** The key under which a publish is remembered: unambiguous for any publisher and client message id. */
  public static String dedupKey(String publisher, String clientMessageId) {
    return publisher.length() + ":" + publisher + clientMessageId;
  }

  // ------------------------------------------------------------------ writing

  /**
   * Appends one message, or recognises a duplicate (then nothing is appended and the original is answered).
   *
   * @param dedupKey  from {@link #dedupKey}, or null for no duplicate detection
   * @param messageId the server-assigned id the message gets if it is new
   * @param now       the caller's clock
   * @param frame     the stored form of the message (see the class comment)
   */
  public Appended append(String dedupKey, String messageId, long now, byte[] frame, TopicSettings settings) {
    dropExpired(now, settings);
    boolean remember = dedupKey != null && settings.dedupEntries() > 0 && settings.dedupWindowMillis() > 0;
    if (remember) {
      int original = dedup.find(dedupKey);
      if (original >= 0 && now - dedup.time(original) < settings.dedupWindowMillis()) {
        long seq = dedup.seq(original);
        return new Appended(epoch, seq, dedup.time(original), dedup.messageId(original), true, frameOf(seq));
      }
      if (original >= 0) {
        dedup.forget(original); // expired but not yet evicted (behind a younger head): forget it, re-insert at tail
      }
    }
    long seq = lastSeq + 1;
    long ts = Math.max(now, lastTs);
    push(ts, frame);
    expiresNext = Math.min(expiresNext, later(ts, settings.maxAgeMillis()));
    lastSeq = seq;
    lastTs = ts;
    while (size > settings.maxMessages() || (totalBytes > settings.maxBytes() && size > 1)) {
      pop();
    }
    if (remember) {
      dedup.add(dedupKey, seq, ts, messageId);
      expiresNext = Math.min(expiresNext, later(ts, settings.dedupWindowMillis()));
      while (dedup.size() > settings.dedupEntries()) {
        dedup.removeOldest();
      }
    }
    return new Appended(epoch, seq, ts, messageId, false, null);
  }

  /** Drops the messages past their age and the dedup entries past their window; true if anything was dropped. */
  public boolean dropExpired(long now, TopicSettings settings) {
    if (now < expiresNext && settings.equals(expirySettings)) {
      return false; // nothing is due yet
    }
    boolean dropped = false;
    while (size > 0 && now - times[head] >= settings.maxAgeMillis()) {
      pop();
      dropped = true;
    }
    long next = size > 0 ? later(times[head], settings.maxAgeMillis()) : Long.MAX_VALUE;
    while (dedup.size() > 0) {
      long oldest = dedup.oldestTime();
      if (now - oldest < settings.dedupWindowMillis()) {
        next = Math.min(next, later(oldest, settings.dedupWindowMillis())); // the oldest kept: the first to go
        break;
      }
      dedup.removeOldest();
      dropped = true;
    }
    expiresNext = next;
    expirySettings = settings;
    return dropped;
  }

  /** {@code ts + millis}, at most {@link Long#MAX_VALUE}. */
  private static long later(long ts, long millis) {
    long sum = ts + millis;
    return ((ts ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private void push(long ts, byte[] frame) {
    if (size == times.length) {
      grow();
    }
    int tail = (head + size) % times.length;
    times[tail] = ts;
    frames[tail] = frame;
    size++;
    totalBytes += frame.length;
  }

  private void pop() {
    totalBytes -= frames[head].length;
    frames[head] = null;
    head = (head + 1) % times.length;
    size--;
  }

  private void grow() {
    int capacity = times.length * 2;
    long[] t = new long[capacity];
    byte[][] f = new byte[capacity][];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % times.length;
      t[i] = times[from];
      f[i] = frames[from];
    }
    times = t;
    frames = f;
    head = 0;
  }

  private byte[] frameOf(long seq) {
    long first = lastSeq - size + 1;
    if (seq < first || seq > lastSeq) {
      return null;
    }
    return frames[(head + (int) (seq - first)) % times.length];
  }

  // ------------------------------------------------------------------ reading

  /**
   * What a reader at {@code from} should get, without changing the log. Messages past their age count as gone
   * already. {@code from == null} asks for the head position only.
   */
  public Slice slice(Position from, int max, long now, TopicSettings settings) {
    int expired = 0;
    while (expired < size && now - times[(head + expired) % times.length] >= settings.maxAgeMillis()) {
      expired++;
    }
    long available = lastSeq - size + expired; // the seq just before the first live message
    String reason = null;
    long after;
    if (from == null) {
      after = lastSeq;
    } else if (!from.epoch().equals(epoch)) {
      reason = Gap.EPOCH_CHANGED;
      after = available;
    } else if (from.seq() < available) {
      reason = Gap.TRUNCATED;
      after = available;
    } else {
      after = Math.min(from.seq(), lastSeq); // a position beyond the head (forged) simply gets nothing
    }
    int count = (int) Math.max(0, Math.min(lastSeq - after, Math.max(max, 0)));
    long[] ts = new long[count];
    byte[][] fs = new byte[count][];
    long first = lastSeq - size + 1;
    for (int i = 0; i < count; i++) {
      int index = (head + (int) (after + 1 + i - first)) % times.length;
      ts[i] = times[index];
      fs[i] = frames[index];
    }
    return new Slice(epoch, lastSeq, reason, available, after + 1, ts, fs, expired > 0);
  }

  // ------------------------------------------------------------------ results (cross the wire: Serializable)

  /** The outcome of {@link #append}; {@code frame} is the original's stored frame for a duplicate still kept. */
  public record Appended(String epoch, long seq, long ts, String messageId, boolean duplicate, byte[] frame)
    implements Serializable {
  }

  /**
   * The outcome of {@link #slice}: messages {@code firstSeq ..} (their accept times and frames), and the gap
   * ({@code reason} non-null) with {@code availableSeq}. {@code stale}: expired messages are still stored.
   */
  public record Slice(String epoch, long lastSeq, String reason, long availableSeq, long firstSeq, long[] times,
                      byte[][] frames, boolean stale) implements Serializable {
  }

  // ------------------------------------------------------------------ compact Java serialization

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      int index = (head + i) % times.length;
      out.writeLong(times[index]);
      out.writeInt(frames[index].length);
      out.write(frames[index]);
    }
    out.writeInt(dedup.size());
    for (int at : dedup.positions()) {
      out.writeUTF(dedup.key(at));
      out.writeLong(dedup.seq(at));
      out.writeLong(dedup.time(at));
      out.writeUTF(dedup.messageId(at));
    }
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    expiresNext = Long.MIN_VALUE; // looked at on the first append
    size = in.readInt();
    int capacity = Math.max(8, Integer.highestOneBit(Math.max(1, size)) << 1);
    times = new long[capacity];
    frames = new byte[capacity][];
    head = 0;
    for (int i = 0; i < size; i++) {
      times[i] = in.readLong();
      frames[i] = new byte[in.readInt()];
      in.readFully(frames[i]);
    }
    int entries = in.readInt();
    dedup = new DedupMemory();
    for (int i = 0; i < entries; i++) {
      String key = in.readUTF();
      dedup.add(key, in.readLong(), in.readLong(), in.readUTF());
    }
  }
}
