package io.switchboard.cluster;

import com.hazelcast.internal.partition.IPartition;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.partition.PartitioningStrategy;
import com.hazelcast.spi.impl.NodeEngine;

/**
 * Reads a map entry straight from this member's record store when this member owns the key's partition, without an
 * operation: no invocation, no hop to Hazelcast's partition thread and back to the event loop (a REST read spent a
 * quarter of its samples on that round trip, for a lookup of a few hundred nanoseconds).
 *
 * <p>This is the read Hazelcast itself does for {@code MapConfig.setReadBackupData(true)}
 * ({@code MapProxySupport.readBackupDataOrNull} → {@code RecordStore.readBackupData}: safe from any thread, no
 * mutation but the last-access time), narrowed to the partition's <em>owner</em> so that it reads what every
 * operation on the key reads: a write completes only after the owner applied it, so the writer and anyone told of the
 * write after it reads the new value here too (read-your-writes holds across nodes; a backup copy is not read). Only a
 * hit is trusted: {@code null} means "not here" — absent, not owned, a partition migrating, another member's — and the
 * caller then asks the cluster as before ({@code getAsync}), so an absent key costs what it did and is never
 * answered wrongly. Hazelcast's own expiry is not checked here, and a read here is not an access that extends a
 * max-idle expiry: callers whose values carry their own expiry check it (REST sessions and MCP catalog entries do,
 * with a TTL); a map expiring by idleness needs a clock of its own that sends a read through the cluster often enough
 * (MCP sessions: {@code StreamableHttpTransport.load}).
 *
 * <p>Uses Hazelcast's internal map service (pinned version; {@code OwnerReadsTest} fails if a new one changes it).
 */
public final class OwnerReads<K, V> {

  private final String name;
  private final NodeEngine engine;
  private final IPartitionService partitions;
  private final SerializationService serialization;
  private final MapServiceContext maps;
  private final PartitioningStrategy<?> strategy;

  /** Null-safe: answers null for a map that is not a member-side proxy (a client's, or a test double). */
  public static <K, V> OwnerReads<K, V> of(IMap<K, V> map) {
    return map instanceof MapProxyImpl<K, V> proxy ? new OwnerReads<>(proxy) : null;
  }

  private OwnerReads(MapProxyImpl<K, V> proxy) {
    this.name = proxy.getName();
    this.engine = proxy.getNodeEngine();
    this.partitions = engine.getPartitionService();
    this.serialization = engine.getSerializationService();
    MapService service = proxy.getService();
    this.maps = service.getMapServiceContext();
    this.strategy = maps.getMapContainer(name).getPartitioningStrategy();
  }

  /** The value this member holds as the key's partition owner, or null (then ask the cluster). Never blocks. */
  public V get(K key) {
    Data data = serialization.toData(key, strategy);
    int partitionId = partitions.getPartitionId(data);
    IPartition partition = partitions.getPartition(partitionId, false);
    if (partition == null || !partition.isLocal() || partition.isMigrating()) {
      return null;
    }
    RecordStore<?> store = maps.getPartitionContainer(partitionId).getExistingRecordStore(name);
    if (store == null) {
      return null;
    }
    Data value = store.readBackupData(data);
    return value == null ? null : serialization.toObject(value);
  }
}
