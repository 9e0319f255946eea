package io.switchboard.topic;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * Appends a batch of messages to a topic's log, in order, on the member that owns the topic's partition, creating
 * the log (with the caller's candidate epoch) if there is none. One call carries every append that queued for the
 * topic while the previous call was in flight ({@link AppendQueue}, group commit); a lone publish is a batch of one.
 * Each message is applied exactly as on its own ({@link TopicLog#append}: dedup, bounds, monotonic ts), so two
 * copies of one message in the same batch make one append and one duplicate.
 * <p>
 * Runs again on the backup replica with the same inputs: each message's time, id and dedup key, the candidate epoch
 * and the bounds all come from the caller, nothing is read from a clock here, so both replicas reach the same state.
 * With in-memory format OBJECT the log is changed in place; {@code setValue} with the same object marks it changed
 * so that the backup is applied. A null candidate epoch means "do not create": the answer is then null for a topic
 * without a log (the caller recovers the numbering from Redis first, then sends the same batch again).
 * <p>
 * Parallel arrays rather than a list of records: the processor is Java-serialized for the backup (and for a remote
 * owner), and arrays are the cheapest form of that.
 */
final class AppendBatchProcessor implements EntryProcessor<String, TopicLog, TopicLog.Appended[]> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String[] dedupKeys;
  private final String[] messageIds;
  private final long[] times;
  private final byte[][] frames;
  private final String candidateEpoch;
  private final TopicSettings settings;

  AppendBatchProcessor(List<AppendQueue.Pending> batch, String candidateEpoch, TopicSettings settings) {
    int n = batch.size();
    this.dedupKeys = new String[n];
    this.messageIds = new String[n];
    this.times = new long[n];
    this.frames = new byte[n][];
    for (int i = 0; i < n; i++) {
      AppendQueue.Pending p = batch.get(i);
      dedupKeys[i] = p.dedupKey();
      messageIds[i] = p.messageId();
      times[i] = p.now();
      frames[i] = p.frame();
    }
    this.candidateEpoch = candidateEpoch;
    this.settings = settings;
  }

  int size() {
    return frames.length;
  }

  @Override
  public TopicLog.Appended[] process(Map.Entry<String, TopicLog> entry) {
    TopicLog log = entry.getValue();
    if (log == null) {
      if (candidateEpoch == null) {
        return null;
      }
      log = new TopicLog(candidateEpoch);
    }
    TopicLog.Appended[] results = new TopicLog.Appended[frames.length];
    for (int i = 0; i < frames.length; i++) {
      results[i] = log.append(dedupKeys[i], messageIds[i], times[i], frames[i], settings);
    }
    entry.setValue(log);
    return results;
  }
}
