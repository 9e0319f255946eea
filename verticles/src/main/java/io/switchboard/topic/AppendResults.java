package io.switchboard.topic;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;

/**
 * What {@link AppendBatchProcessor} answers: one {@link TopicLog.Appended} per message, in order. Hazelcast serializes
 * the answer even from a local owner; as an array of Java-serialized records that was 7 % of a node's CPU under
 * pipelined publishes (record deserialization through the canonical constructor), so it is written field by field.
 */
public final class AppendResults implements DataSerializable {

  private TopicLog.Appended[] all;

  /** For Hazelcast's deserialization only. */
  public AppendResults() {
  }

  AppendResults(TopicLog.Appended[] all) {
    this.all = all;
  }

  TopicLog.Appended[] all() {
    return all;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(all.length);
    for (TopicLog.Appended a : all) {
      out.writeString(a.epoch());
      out.writeLong(a.seq());
      out.writeLong(a.ts());
      out.writeString(a.messageId());
      out.writeBoolean(a.duplicate());
      out.writeByteArray(a.frame());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    all = new TopicLog.Appended[in.readInt()];
    for (int i = 0; i < all.length; i++) {
      all[i] = new TopicLog.Appended(in.readString(), in.readLong(), in.readLong(), in.readString(), in.readBoolean(),
        in.readByteArray());
    }
  }
}
