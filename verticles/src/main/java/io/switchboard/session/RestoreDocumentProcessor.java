package io.switchboard.session;

import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Puts a document reloaded from the {@link SessionArchive} back into the cluster, unless the document is there
 * already (another node reloaded it, or edits started meanwhile): nodes reloading at once are safe, the first wins.
 */
public final class RestoreDocumentProcessor implements EntryProcessor<String, SessionDocument, Void> {

  private static final long serialVersionUID = 1L;

  private final String snapshot;

  RestoreDocumentProcessor(JsonObject snapshot) {
    this.snapshot = snapshot.encode();
  }

  @Override
  public Void process(Map.Entry<String, SessionDocument> entry) {
    if (entry.getValue() == null) {
      entry.setValue(SessionDocument.fromJson(new JsonObject(snapshot)));
    }
    return null;
  }
}
