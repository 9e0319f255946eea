package io.switchboard.topic;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.switchboard.protocol.message.Position;

import java.io.Serial;
import java.util.Map;

/**
 * Reads a slice of a topic's log (the head position, and the messages after a position) on the partition owner,
 * returning only that slice rather than the whole log. Read-only: no backup, no change; answers null when the
 * topic has no log yet (the caller then runs {@link OpenProcessor}, which creates it).
 */
final class ReadProcessor implements EntryProcessor<String, TopicLog, TopicLog.Slice>, ReadOnly {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String fromEpoch;
  private final long fromSeq;
  private final int max;
  private final long now;
  private final TopicSettings settings;

  /** {@code from} null: the head position only. */
  ReadProcessor(Position from, int max, long now, TopicSettings settings) {
    this.fromEpoch = from == null ? null : from.epoch();
    this.fromSeq = from == null ? 0 : from.seq();
    this.max = max;
    this.now = now;
    this.settings = settings;
  }

  @Override
  public TopicLog.Slice process(Map.Entry<String, TopicLog> entry) {
    TopicLog log = entry.getValue();
    return log == null ? null : log.slice(from(fromEpoch, fromSeq), max, now, settings);
  }

  @Override
  public EntryProcessor<String, TopicLog, TopicLog.Slice> getBackupProcessor() {
    return null;
  }

  static Position from(String epoch, long seq) {
    return epoch == null ? null : new Position(epoch, seq);
  }
}
