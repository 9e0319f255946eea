/**
 * Optional federation of independent deployments through Redis Pub/Sub ({@code redis.federation.enabled}).
 * <p>
 * {@link io.switchboard.federation.FederationVerticle} owns the node's
 * {@link io.switchboard.federation.Federation}: the export registered as the node's
 * {@link io.switchboard.topic.TopicExport} (called by the node that accepted a publish) and the import from one
 * subscriber connection (every node offers each message to the topic log, whose dedup memory lets one append it).
 * Guarantees (at most once, per-deployment numbering) and when to cluster instead: docs/federation.md.
 */
package io.switchboard.federation;
