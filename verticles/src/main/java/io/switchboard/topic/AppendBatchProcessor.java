package io.switchboard.topic;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
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
 * Hazelcast serializes the processor for every call, even to a local partition owner, and once more for the backup:
 * {@link DataSerializable}, field by field, because Java serialization of it (class descriptors, the settings record
 * rebuilt through its canonical constructor) was 7.5 % of a node's CPU under pipelined publishes.
 */
public final class AppendBatchProcessor implements EntryProcessor<String, TopicLog, AppendResults>, DataSerializable {

  @Serial
  private static final long serialVersionUID = 2L;

  private String[] dedupKeys;
  private String[] messageIds;
  private long[] times;
  private byte[][] frames;
  private String candidateEpoch;
  private TopicSettings settings;

  /** For Hazelcast's deserialization only. */
  public AppendBatchProcessor() {
  }

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
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(frames.length);
    for (int i = 0; i < frames.length; i++) {
      out.writeString(dedupKeys[i]);
      out.writeString(messageIds[i]);
      out.writeLong(times[i]);
      out.writeByteArray(frames[i]);
    }
    out.writeString(candidateEpoch);
    out.writeInt(settings.maxMessages());
    out.writeLong(settings.maxBytes());
    out.writeLong(settings.maxAgeMillis());
    out.writeInt(settings.dedupEntries());
    out.writeLong(settings.dedupWindowMillis());
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    dedupKeys = new String[n];
    messageIds = new String[n];
    times = new long[n];
    frames = new byte[n][];
    for (int i = 0; i < n; i++) {
      dedupKeys[i] = in.readString();
      messageIds[i] = in.readString();
      times[i] = in.readLong();
      frames[i] = in.readByteArray();
    }
    candidateEpoch = in.readString();
    settings = new TopicSettings(in.readInt(), in.readLong(), in.readLong(), in.readInt(), in.readLong());
  }

  @Override
  public AppendResults process(Map.Entry<String, TopicLog> entry) {
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
    return new AppendResults(results);
  }
}
