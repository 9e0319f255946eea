package io.switchboard.topic;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.protocol.message.Position;

import java.io.Serial;
import java.util.Map;

/**
 * The writing counterpart of {@link ReadProcessor}: creates the topic's log with the caller's candidate epoch if
 * there is none, physically drops what is past its age or window, then answers the same slice. Used only when the
 * read-only path found no log, or found expired messages still stored, so reads normally cost no backup traffic.
 */
final class OpenProcessor implements EntryProcessor<String, TopicLog, TopicLog.Slice> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String fromEpoch;
  private final long fromSeq;
  private final int max;
  private final long now;
  private final String candidateEpoch;
  private final long startSeq;
  private final TopicSettings settings;

  OpenProcessor(Position from, int max, long now, String candidateEpoch, TopicSettings settings) {
    this(from, max, now, candidateEpoch, 0, settings);
  }

  /** {@code startSeq}: the last seq of a numbering recovered from Redis (0 for a new topic). */
  OpenProcessor(Position from, int max, long now, String candidateEpoch, long startSeq, TopicSettings settings) {
    this.fromEpoch = from == null ? null : from.epoch();
    this.fromSeq = from == null ? 0 : from.seq();
    this.max = max;
    this.now = now;
    this.candidateEpoch = candidateEpoch;
    this.startSeq = startSeq;
    this.settings = settings;
  }

  @Override
  public TopicLog.Slice process(Map.Entry<String, TopicLog> entry) {
    TopicLog log = entry.getValue();
    boolean changed = false;
    if (log == null) {
      log = new TopicLog(candidateEpoch, startSeq);
      changed = true;
    }
    changed |= log.dropExpired(now, settings);
    if (changed) {
      entry.setValue(log);
    }
    return log.slice(ReadProcessor.from(fromEpoch, fromSeq), max, now, settings);
  }
}
