package io.switchboard.topic;

import java.security.SecureRandom;

/**
 * A topic log's duplicate-detection memory: (publisher, client message id) keys of the accepted messages, oldest
 * first, each with its seq, accept time and server message id. What {@link TopicLog} needs of it: look a key up,
 * add at the young end, drop from the old end (by count and by age), forget one entry anywhere.
 * <p>
 * Why not a {@code LinkedHashMap<String, Dedup>}, which it replaced: every append looked up, inserted and evicted
 * one entry of a map of up to {@code topics.dedup.max-entries} (10,000 by default) per topic, and allocated a map
 * entry and a value object that lived as long as the window — long enough to be copied by the young collector,
 * short enough to die soon after. A node relaying pipelined JSON publishes spent about a fifth of its CPU per
 * message on it (5.2–6.6 µs per message with the memory, 3.9–5.2 without, three pairs; docs/architecture.md §2).
 * Here an entry is a slot in parallel arrays (a ring in acceptance order) and the lookup an open-addressing table
 * of ring positions: an append allocates nothing and touches a few array elements.
 * <p>
 * The table's hash is SipHash-1-3 of the key with a key drawn once per process, not {@link String#hashCode}: keys are
 * chosen by clients, and keys with one {@code hashCode} are easy to make; with linear probing they would turn every
 * lookup of the topic into a walk over all of them. Which slot an entry takes never changes what a lookup answers
 * (keys are compared whole), so the primary and backup replicas stay in the same state with different hash keys.
 * <p>
 * Not thread-safe: its log's owner serializes the calls (the entry processor, or the local store's lock).
 */
final class DedupMemory {

  private static final long K0;
  private static final long K1;
  private static final String[] NONE = {};
  /** Arrays this small are kept however few entries are left. */
  private static final int MIN_KEPT = 64;

  static {
    SecureRandom random = new SecureRandom();
    K0 = random.nextLong();
    K1 = random.nextLong();
  }

  // the ring: `used` slots from `head`, in acceptance order; a forgotten entry leaves a hole (key null) until it is
  // the oldest. Allocated on the first add: a topic published to without ids never needs it.
  private String[] keys = NONE;
  private long[] hashes;
  private long[] seqs;
  private long[] times;
  private String[] messageIds;
  private int head;
  private int used;
  private int live;

  /** Ring position + 1 of each entry, 0 for an empty slot; at most half full. */
  private int[] table;
  private int tableBits;

  private void allocate(int capacity) {
    keys = new String[capacity];
    hashes = new long[capacity];
    seqs = new long[capacity];
    times = new long[capacity];
    messageIds = new String[capacity];
    tableBits = Integer.numberOfTrailingZeros(capacity) + 1;
    table = new int[1 << tableBits];
    head = 0;
    used = 0;
    live = 0;
  }

  /** Slots in the ring (for tests: the memory shrinks after a burst). */
  int capacity() {
    return keys.length;
  }

  /** Entries remembered. */
  int size() {
    return live;
  }

  /** The ring position of {@code key}'s entry, or -1. */
  int find(String key) {
    if (live == 0) {
      return -1;
    }
    long hash = hash(key);
    int mask = table.length - 1;
    for (int i = slot(hash); ; i = (i + 1) & mask) {
      int entry = table[i];
      if (entry == 0) {
        return -1;
      }
      int at = entry - 1;
      if (hashes[at] == hash && key.equals(keys[at])) {
        return at;
      }
    }
  }

  long seq(int at) {
    return seqs[at];
  }

  long time(int at) {
    return times[at];
  }

  String messageId(int at) {
    return messageIds[at];
  }

  /** Remembers an accepted message at the young end; the key must not be remembered already. */
  void add(String key, long seq, long ts, String messageId) {
    if (used == keys.length) {
      grow();
    }
    place(key, hash(key), seq, ts, messageId);
  }

  /** Stores an entry at the young end and indexes it; the ring has room. */
  private void place(String key, long hash, long seq, long ts, String messageId) {
    int at = (head + used) & (keys.length - 1);
    keys[at] = key;
    hashes[at] = hash;
    seqs[at] = seq;
    times[at] = ts;
    messageIds[at] = messageId;
    used++;
    live++;
    int mask = table.length - 1;
    int i = slot(hash);
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = at + 1;
  }

  /** The accept time of the oldest entry; only when {@link #size()} is above 0. */
  long oldestTime() {
    return times[head];
  }

  /** Forgets the oldest entry; only when {@link #size()} is above 0. */
  void removeOldest() {
    forget(head);
  }

  /** Forgets the entry at ring position {@code at} (from {@link #find}). */
  void forget(int at) {
    unindex(at);
    keys[at] = null;
    messageIds[at] = null;
    live--;
    int mask = keys.length - 1;
    while (used > 0 && keys[head] == null) { // holes reaching the old end leave the ring
      head = (head + 1) & mask;
      used--;
    }
    if (keys.length > MIN_KEPT && live < keys.length / 8) {
      resize(keys.length / 4); // a burst's arrays are not kept for a trickle (the map it replaced freed its entries)
    }
  }

  /** The ring positions of the entries, oldest first (for copying the memory out: rare). */
  int[] positions() {
    int[] at = new int[live];
    int mask = keys.length - 1;
    for (int n = 0, i = 0; n < used; n++) {
      int position = (head + n) & mask;
      if (keys[position] != null) {
        at[i++] = position;
      }
    }
    return at;
  }

  String key(int at) {
    return keys[at];
  }

  /** Removes ring position {@code at} from the table, shifting back the entries probed past it (no tombstones). */
  private void unindex(int at) {
    int mask = table.length - 1;
    int i = slot(hashes[at]);
    while (table[i] != at + 1) {
      i = (i + 1) & mask;
    }
    for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
      int home = slot(hashes[table[j] - 1]);
      // the entry at j may move to the hole at i unless its home slot lies cyclically in (i, j]
      boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!stays) {
        table[i] = table[j];
        i = j;
      }
    }
    table[i] = 0;
  }

  /** Doubles the ring, compacting out the holes; positions change, so the table is built again. */
  private void grow() {
    resize(Math.max(8, keys.length * 2));
  }

  /** Moves the entries, oldest first and without holes, into arrays of {@code capacity}; the table is built again. */
  private void resize(int capacity) {
    String[] k = keys;
    long[] h = hashes;
    long[] s = seqs;
    long[] t = times;
    String[] m = messageIds;
    int oldHead = head;
    int oldUsed = used;
    int mask = k.length - 1;
    allocate(capacity);
    for (int n = 0; n < oldUsed; n++) {
      int from = (oldHead + n) & mask;
      if (k[from] != null) {
        place(k[from], h[from], s[from], t[from], m[from]); // the hash kept, not computed again
      }
    }
  }

  private int slot(long hash) {
    return (int) (hash >>> (64 - tableBits));
  }

  /** SipHash-1-3 of the key's UTF-16 code units (four a block, the last with the length), keyed per process. */
  static long hash(String key) {
    long v0 = K0 ^ 0x736f6d6570736575L;
    long v1 = K1 ^ 0x646f72616e646f6dL;
    long v2 = K0 ^ 0x6c7967656e657261L;
    long v3 = K1 ^ 0x7465646279746573L;
    int n = key.length();
    int whole = n & ~3;
    for (int i = 0; i <= whole; i += 4) {
      long m;
      if (i < whole) {
        m = key.charAt(i) | (long) key.charAt(i + 1) << 16 | (long) key.charAt(i + 2) << 32
          | (long) key.charAt(i + 3) << 48;
      } else {
        m = (long) (n & 0xffff) << 48;
        for (int j = i, shift = 0; j < n; j++, shift += 16) {
          m |= (long) key.charAt(j) << shift;
        }
      }
      v3 ^= m;
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      v0 ^= m;
    }
    v2 ^= 0xff;
    for (int r = 0; r < 3; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }
}
