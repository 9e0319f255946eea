package io.switchboard.session;

import io.switchboard.cluster.EntryStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Write-behind of document snapshots to the {@link SessionArchive}, coalesced per document: an applied edit marks
 * its document dirty on the node that handled it; at most {@code redis.snapshot.delay-ms} later the node reads the
 * document's current state from Hazelcast once and hands one snapshot to the archive, however many edits were
 * applied meanwhile (a snapshot carries the whole state, so the last one is all Redis needs). Edits mark documents
 * and deletes forget them from whichever event loop called the {@link SessionService} (it is called from every
 * loop): the dirty set is guarded by this object's lock, the reads
 * complete on the context given. {@link #flushAll} (on shutdown) writes everything still dirty at once.
 */
final class DocumentSnapshots {

  /** Longest time an applied edit waits on its node before its document's snapshot is handed to the Redis store. */
  public static final String DELAY_MS = "redis.snapshot.delay-ms";

  private static final Logger LOG = LoggerFactory.getLogger(DocumentSnapshots.class);

  private final Vertx vertx;
  private final Context context;
  private final EntryStore<SessionDocument> documents;
  private final SessionArchive archive;
  private final long delayMs;
  /** Dirty documents and the expiry of their session (the snapshot expires with it). */
  private Map<String, Long> dirty = new HashMap<>();
  private long timer = -1;

  DocumentSnapshots(Vertx vertx, Context context, EntryStore<SessionDocument> documents, SessionArchive archive,
                    JsonObject config) {
    this.vertx = vertx;
    this.context = context;
    this.documents = documents;
    this.archive = archive;
    this.delayMs = config.getLong(DELAY_MS, 100L);
  }

  /** An edit was applied to {@code id}'s document, whose session expires at {@code expiresAt}. */
  synchronized void changed(String id, long expiresAt) {
    dirty.put(id, expiresAt);
    if (delayMs <= 0) {
      flushAll();
    } else if (timer < 0) {
      timer = vertx.setTimer(delayMs, t -> flushAll()); // which resets the timer (cancelling a fired one is a no-op)
    }
  }

  /** The session was deleted: a pending snapshot must not be written after its tombstone. */
  synchronized void forget(String id) {
    dirty.remove(id);
  }

  /** Reads every dirty document and hands its snapshot to the archive; completes when all are enqueued. */
  synchronized Future<Void> flushAll() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Map<String, Long> batch = dirty;
    dirty = new HashMap<>();
    List<Future<Void>> reads = new ArrayList<>(batch.size());
    batch.forEach((id, expiresAt) -> reads.add(documents.get(id, context)
      .<Void>map(doc -> {
        if (doc != null) { // null: deleted meanwhile
          archive.saveDocument(id, expiresAt, doc.toJson());
        }
        return null;
      })
      .onFailure(err -> {
        // Hazelcast could not answer (node leaving): the next edit of this document snapshots it again.
        LOG.warn("document {} not snapshotted: {}", id, err.getMessage());
      })));
    return Future.join(reads).mapEmpty();
  }
}
