package io.switchboard.topic;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.util.Map;

/**
 * Appends one message to a topic's log on the member that owns the topic's partition, creating the log (with the
 * caller's candidate epoch) if there is none. Runs again on the backup replica with the same inputs (time, message
 * id, epoch and bounds all come from the caller), so both reach the same state. With in-memory format OBJECT the log
 * is changed in place; {@code setValue} with the same object marks it changed so that the backup is applied.
 * A null candidate epoch means "do not create": the answer is then null for a topic without a log.
 */
final class AppendProcessor implements EntryProcessor<String, TopicLog, TopicLog.Appended> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String dedupKey;
  private final String messageId;
  private final String candidateEpoch;
  private final long now;
  private final byte[] frame;
  private final TopicSettings settings;

  AppendProcessor(String dedupKey, String messageId, String candidateEpoch, long now, byte[] frame,
                  TopicSettings settings) {
    this.dedupKey = dedupKey;
    this.messageId = messageId;
    this.candidateEpoch = candidateEpoch;
    this.now = now;
    this.frame = frame;
    this.settings = settings;
  }

  @Override
  public TopicLog.Appended process(Map.Entry<String, TopicLog> entry) {
    TopicLog log = entry.getValue();
    if (log == null) {
      if (candidateEpoch == null) {
        return null; // the caller first recovers the numbering from Redis, then appends again
      }
      log = new TopicLog(candidateEpoch);
    }
    TopicLog.Appended result = log.append(dedupKey, messageId, now, frame, settings);
    entry.setValue(log);
    return result;
  }
}
