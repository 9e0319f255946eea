package io.switchboard.mcp;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import io.switchboard.cluster.ClusterNode;
import io.switchboard.mcp.provider.ConformanceFixture;
import io.switchboard.mcp.provider.SwitchboardTools;
import io.switchboard.session.SessionApi;
import io.switchboard.topic.TopicLogs;
import io.switchboard.topic.TopicSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The MCP service of a node: keeps the cluster-wide catalog (providers register over the bus, {@link McpApi}),
 * tells local transports when it changes, turns document edits into resource updates, and provides Switchboard's
 * own tools, resources and prompts (and, when configured, the conformance-suite fixtures). Transports (HTTP,
 * WebSocket, stdio) dispatch client messages themselves with {@link McpDispatcher}.
 */
public class McpVerticle extends VerticleBase {

  private Catalog catalog;
  private IMap<String, HazelcastJsonValue> catalogMap;
  private UUID listener;
  private McpProvider switchboard;
  private McpProvider fixture;

  @Override
  public Future<?> start() {
    HazelcastInstance hz = ClusterNode.get(vertx).hazelcast();
    catalogMap = hz.getMap(McpApi.CATALOG);
    catalog = new Catalog(vertx, context, catalogMap);
    vertx.eventBus().<JsonObject>localConsumer(McpApi.REGISTRY, this::registry);
    // Every change of the catalog, from any node, becomes a local list_changed for this node's transports.
    Future<UUID> listening = vertx.executeBlocking(() -> catalogMap.addEntryListener(new CatalogListener(), false), false)
      .onSuccess(id -> listener = id);
    vertx.eventBus().<JsonObject>consumer(SessionApi.EDITS, m -> vertx.eventBus().publish(McpApi.RESOURCE_UPDATED,
      new JsonObject().put("uri", SwitchboardTools.documentUri(m.body().getString("session"))),
      new DeliveryOptions().setLocalOnly(true)));
    McpSettings settings = McpSettings.from(config());
    return Future.all(listening, TopicLogs.open(vertx, hz, TopicSettings.from(config()))).compose(all -> {
      TopicLogs topics = all.resultAt(1);
      switchboard = SwitchboardTools.provider(vertx, topics, config());
      Future<Void> started = switchboard.start();
      if (settings.conformanceFixture()) {
        fixture = ConformanceFixture.provider(vertx, "fixture-" + ClusterNode.get(vertx).nodeId());
        started = started.compose(v -> fixture.start());
      }
      return started;
    });
  }

  private void registry(Message<JsonObject> m) {
    JsonObject r = m.body();
    String kind = r.getString("kind");
    if (kind == null || !java.util.Set.of("tool", "resource", "template", "prompt").contains(kind) || r.getString("name") == null) {
      m.fail(JsonRpc.INVALID_PARAMS, "kind must be tool, resource, template or prompt, with a name");
      return;
    }
    Future<Void> done = "unregister".equals(r.getString("action"))
      ? catalog.unregister(kind, r.getString("name"))
      : catalog.register(kind, r.getString("name"), r.getJsonObject("definition", new JsonObject()),
        r.getString("address"), r.getLong("ttlSeconds", 30L));
    done.onComplete(v -> m.reply(new JsonObject().put("ok", true)), err -> m.fail(JsonRpc.INTERNAL_ERROR, err.getMessage()));
  }

  /** Hazelcast calls this on its own threads; the bus is thread-safe. */
  private final class CatalogListener implements EntryAddedListener<String, HazelcastJsonValue>,
    EntryRemovedListener<String, HazelcastJsonValue>, EntryExpiredListener<String, HazelcastJsonValue>,
    EntryEvictedListener<String, HazelcastJsonValue> {

    private void changed(EntryEvent<String, HazelcastJsonValue> e) {
      String kind = e.getKey().substring(0, e.getKey().indexOf(':'));
      vertx.eventBus().publish(McpApi.LIST_CHANGED, new JsonObject().put("kind", kind), new DeliveryOptions().setLocalOnly(true));
    }

    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> e) {
      changed(e);
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> e) {
      changed(e);
    }

    @Override
    public void entryExpired(EntryEvent<String, HazelcastJsonValue> e) {
      changed(e);
    }

    @Override
    public void entryEvicted(EntryEvent<String, HazelcastJsonValue> e) {
      changed(e);
    }
  }

  @Override
  public Future<?> stop() {
    // Every node provides Switchboard's tools on one shared address: leave the entries to the other nodes.
    Future<Void> stopped = switchboard == null ? Future.succeededFuture() : switchboard.stop(false);
    if (fixture != null) {
      stopped = stopped.compose(v -> fixture.stop());
    }
    return stopped.compose(v -> listener == null ? Future.succeededFuture()
      : vertx.executeBlocking(() -> catalogMap.removeEntryListener(listener), false));
  }
}
