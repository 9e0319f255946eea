/**
 * The cluster-wide topic log: sequence numbers, duplicate detection and replay for published messages.
 * <p>
 * {@link io.switchboard.topic.TopicLogs} is the service the WebSocket gateway calls; it touches no socket. Each topic
 * has one {@link io.switchboard.topic.TopicLog} in an {@link io.switchboard.cluster.EntryStore}: in a cluster the
 * Hazelcast map {@code switchboard.topics} (in-memory format OBJECT, one backup), changed only by entry processors on
 * the owner of the topic's partition; on a standalone node its own memory, changed by the same processors in the
 * caller's thread ({@link io.switchboard.cluster.LocalEntryStore}):
 * <ul>
 *   <li>{@code append} ({@link io.switchboard.topic.AppendBatchProcessor}): next seq, or the original position of a
 *   duplicate (same publisher and client message id within the dedup window); O(1) amortised per message, the log
 *   is changed in place. Group commit ({@link io.switchboard.topic.AppendQueue}, the cluster's store only): each
 *   {@code TopicLogs} keeps at
 *   most one append call per topic in flight; what arrives meanwhile goes, in arrival order, in the next call (up to
 *   256 messages / 1 MiB), so one partition-thread invocation serves many publishes. A lone publish is sent at once
 *   (no timer); the waiting queue is bounded per topic (16,384 messages / 64 MiB, then
 *   {@link io.switchboard.topic.TopicBusyException}, which the gateway answers with {@code unavailable}). Nothing a
 *   client sees changes: the seq order is the log's, the same on every node, and a connection's publishes keep their
 *   order;</li>
 *   <li>{@code position} and {@code replay} ({@link io.switchboard.topic.ReadProcessor}, read-only): return just the
 *   slice asked for; only when the topic has no log yet (or holds expired messages) does
 *   {@link io.switchboard.topic.OpenProcessor} create it (fresh epoch) or tidy it.</li>
 * </ul>
 * Decisions worth knowing:
 * <ul>
 *   <li>Positions are {@code (epoch, seq)}; a log's epoch is 12 random base-36 characters drawn when it is created.
 *   A lost log (whole cluster restarted, no durable store) comes back with a new epoch: resuming with the old one
 *   gives a gap {@code epoch_changed}, {@code available} = (new epoch, first kept seq - 1).</li>
 *   <li>Bounds: message count, stored bytes (the MsgPack size of each message), age; oldest evicted first on
 *   append; reads skip messages past their age at once. A message larger than the byte bound is kept alone. A
 *   replay from before the first kept message gives a gap {@code history_truncated}, {@code available} = (epoch,
 *   first kept seq - 1); in both gap cases the kept messages after {@code available} come with the gap.</li>
 *   <li>Accept times ({@code ts}) are monotonic per topic: {@code max(caller's clock, previous ts)}.</li>
 *   <li>Deterministic processors: time, message id and candidate epoch are drawn by the caller and carried in the
 *   processor, so the backup replica ends in the same state as the primary; the bounds travel with the processor
 *   too, so the caller's settings apply.</li>
 *   <li>Duplicate detection is per topic. A duplicate of a message that has already left the kept history is still
 *   recognised within the window (its position, id and ts are remembered), and is answered with the retry's
 *   payload.</li>
 *   <li>A resume position beyond the head (never handed out) gets no messages and no gap.</li>
 *   <li>With Redis ({@link io.switchboard.topic.TopicArchive}, docs/durability.md): appends are archived
 *   write-behind, a missing log is recreated with the numbering Redis holds, and a {@code history_truncated}
 *   replay is filled from Redis ({@link io.switchboard.topic.ArchiveReplay}).</li>
 * </ul>
 * An accepted message reaches the node's listeners (gateway instances, the bridge's relay) through the node's
 * {@link io.switchboard.topic.Fanout}: a task on each interested listener's context ({@link io.switchboard.topic.LocalFanout}),
 * and in a cluster also one batch per event-loop task on the clustered bus address for the other nodes
 * ({@link io.switchboard.topic.BusFanout}).
 * <p>
 * Configuration keys: {@link io.switchboard.topic.TopicSettings}.
 */
package io.switchboard.topic;
