package io.switchboard.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * What a document processor answers: a JSON object. On a standalone node the processor runs in the caller's thread
 * ({@code LocalEntryStore}) and its answer is handed over as it is; in a cluster Hazelcast serialises every processor's
 * answer (even a local call's), and this one travels as its JSON text. Before, the answer was always that text: a
 * standalone node encoded every edit's event and parsed it again on the same thread (10 % of a 4-editor profile).
 */
public final class DocumentAnswer implements DataSerializable {

  private JsonObject json;

  /** For Hazelcast's deserialisation. */
  public DocumentAnswer() {
  }

  DocumentAnswer(JsonObject json) {
    this.json = json;
  }

  /** The answer; the caller's own object from then on (a processor keeps no reference to it). */
  JsonObject json() {
    return json;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(json.encode());
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    json = new JsonObject(in.readString());
  }
}
