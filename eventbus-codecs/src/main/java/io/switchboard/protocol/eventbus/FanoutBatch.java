package io.switchboard.protocol.eventbus;

import io.switchboard.protocol.codec.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The topic messages one node accepted during one event-loop task, in acceptance order, as one message of the
 * cluster's fan-out address: one bus message, one encoding and one socket write per node and task instead of one per
 * message ({@link FanoutBatchCodec}). {@code origin} is the accepting node's id: that node hands its own listeners
 * the messages in-process and ignores the copy the bus delivers back to it.
 *
 * <p>Built by one thread, then only read: immutable once published.
 */
public final class FanoutBatch {

  private final String origin;
  private final List<Envelope> envelopes;
  private final int[] priorities;

  /** Takes {@code envelopes} and {@code priorities} as they are: callers hand them over and keep no reference. */
  FanoutBatch(String origin, List<Envelope> envelopes, int[] priorities) {
    this.origin = Objects.requireNonNull(origin, "origin");
    if (priorities.length != envelopes.size()) {
      throw new IllegalArgumentException(priorities.length + " priorities for " + envelopes.size() + " messages");
    }
    this.envelopes = envelopes;
    this.priorities = priorities;
  }

  /** The id of the node that accepted these messages. */
  public String origin() {
    return origin;
  }

  public int size() {
    return envelopes.size();
  }

  public Envelope envelope(int i) {
    return envelopes.get(i);
  }

  public int priority(int i) {
    return priorities[i];
  }

  /** A batch being filled by one thread: messages and their priorities, and the bytes of their MsgPack frames. */
  public static final class Builder {
    private List<Envelope> envelopes = new ArrayList<>();
    private int[] priorities = new int[16];
    private long bytes;

    public void add(Envelope envelope, int priority) {
      if (envelopes.size() == priorities.length) {
        priorities = java.util.Arrays.copyOf(priorities, priorities.length * 2);
      }
      priorities[envelopes.size()] = priority;
      envelopes.add(envelope);
      bytes += envelope.msgpack().length();
    }

    public boolean isEmpty() {
      return envelopes.isEmpty();
    }

    public int size() {
      return envelopes.size();
    }

    /** The MsgPack bytes of the messages added: what the batch weighs on the wire, near enough. */
    public long bytes() {
      return bytes;
    }

    /** The batch of what was added, and this builder empty again. */
    public FanoutBatch take(String origin) {
      FanoutBatch batch = new FanoutBatch(origin, envelopes, java.util.Arrays.copyOf(priorities, envelopes.size()));
      envelopes = new ArrayList<>();
      bytes = 0;
      return batch;
    }
  }
}
