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
import io.switchboard.mcp.transport.ResourceListeners;
import io.switchboard.session.EditFanout;
import io.switchboard.session.SessionService;
import io.switchboard.topic.PublishPipeline;
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

  /** The owner of a bridge user's entries: this prefix and the user's subject. */
  public static final String BRIDGE_OWNER_PREFIX = "bridge:";
  /** The {@code _meta} key that names the bridge user who provides an entry, in every listing. */
  public static final String PROVIDED_BY = "io.switchboard/provided-by";

  private final PublishPipeline pipeline;
  private final SessionService sessions;
  /** On a standalone node the edit fan-out is not the bus, which would unregister a consumer at undeploy itself. */
  private Runnable editsRegistration;
  private Catalog catalog;
  private McpSettings settings;

  /**
   * @param pipeline the node's publish pipeline: the MCP {@code publish} tool goes through it, as every edge does
   * @param sessions the node's session service: the session tools call it, as the REST routes do
   */
  public McpVerticle(PublishPipeline pipeline, SessionService sessions) {
    this.pipeline = pipeline;
    this.sessions = sessions;
  }
  /** Catalog keys of this node's own providers: no one else may register them. */
  private final java.util.Set<String> reserved = new java.util.HashSet<>();
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
    // Every applied edit, from any node, becomes a local resource-updated for this node's subscribed MCP sessions,
    // while this node has an MCP channel that listens for them.
    ResourceListeners resourceListeners = ResourceListeners.of(vertx);
    editsRegistration = sessions.edits().listen(new EditFanout.Listener() {
      @Override
      public boolean mayWant(String session) {
        return resourceListeners.any();
      }

      @Override
      public void edited(JsonObject event) {
        vertx.eventBus().publish(McpApi.RESOURCE_UPDATED,
          new JsonObject().put("uri", SwitchboardTools.documentUri(event.getString("session"))),
          new DeliveryOptions().setLocalOnly(true));
      }
    });
    settings = McpSettings.from(config());
    return listening.compose(id -> {
      switchboard = SwitchboardTools.provider(vertx, pipeline, sessions);
      reserved.addAll(switchboard.keys());
      Future<Void> started = switchboard.start();
      if (settings.conformanceFixture()) {
        fixture = ConformanceFixture.provider(vertx, "fixture-" + ClusterNode.get(vertx).nodeId());
        reserved.addAll(fixture.keys());
        started = started.compose(v -> fixture.start());
      }
      return started;
    });
  }

  /**
   * Registers or removes an entry for its owner: the node's own providers (no {@code owner}: only code in this JVM
   * sends without one, since the bridges write the caller's into every registry request), or a bridge user
   * ({@code owner} = {@link #BRIDGE_OWNER_PREFIX} + subject). Names of the node's own providers are reserved; an
   * entry can be replaced or removed only by its owner; a bridge user holds at most
   * {@link McpSettings#maxEntriesPerProvider()} entries, each marked as theirs in its {@code _meta}.
   */
  private void registry(Message<JsonObject> m) {
    JsonObject r = m.body();
    String kind = r.getString("kind");
    if (kind == null || !java.util.Set.of("tool", "resource", "template", "prompt").contains(kind)
      || !(r.getValue("name") instanceof String name) || name.isEmpty()) {
      m.fail(JsonRpc.INVALID_PARAMS, "kind must be tool, resource, template or prompt, with a name");
      return;
    }
    String owner = r.getValue("owner") instanceof String o ? o : Catalog.NODE_OWNER;
    boolean external = !owner.equals(Catalog.NODE_OWNER);
    if (external && reserved.contains(kind + ":" + name)) {
      m.fail(JsonRpc.INVALID_REQUEST, kind + " '" + name + "' is reserved for Switchboard's own provider");
      return;
    }
    Future<Void> done;
    if ("unregister".equals(r.getString("action"))) {
      done = catalog.unregister(owner, kind, name);
    } else {
      JsonObject definition = r.getValue("definition") instanceof JsonObject d ? d.copy() : new JsonObject();
      long ttl = Math.max(1, Math.min(r.getValue("ttlSeconds") instanceof Number n ? n.longValue() : 30L, 3600));
      if (external) {
        JsonObject meta = definition.getValue("_meta") instanceof JsonObject mt ? mt : new JsonObject();
        definition.put("_meta", meta.put(PROVIDED_BY, owner.substring(BRIDGE_OWNER_PREFIX.length())));
      }
      Future<Void> room = !external ? Future.succeededFuture() : catalog.get(kind, name).compose(existing ->
        existing != null ? Future.succeededFuture() : catalog.count(owner).compose(count -> count < settings.maxEntriesPerProvider()
          ? Future.succeededFuture() : Future.failedFuture(new JsonRpc.Failure(JsonRpc.INVALID_REQUEST,
          "at most " + settings.maxEntriesPerProvider() + " catalog entries per provider (mcp.max-entries-per-provider)"))));
      done = room.compose(v -> catalog.register(owner, kind, name, definition, r.getString("address"), ttl));
    }
    done.onComplete(v -> m.reply(new JsonObject().put("ok", true)), err -> m.fail(
      err instanceof JsonRpc.Failure f ? f.code : JsonRpc.INTERNAL_ERROR, err.getMessage()));
  }

  /** Hazelcast calls this on its own threads; the bus is thread-safe. */
  private final class CatalogListener implements EntryAddedListener<String, HazelcastJsonValue>,
    EntryRemovedListener<String, HazelcastJsonValue>, EntryExpiredListener<String, HazelcastJsonValue>,
    EntryEvictedListener<String, HazelcastJsonValue> {

    private void changed(EntryEvent<String, HazelcastJsonValue> e) {
      String kind = e.getKey().substring(0, e.getKey().indexOf(':'));
      Catalog.listChanged(vertx, kind);
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
    if (editsRegistration != null) {
      editsRegistration.run();
    }
    // Every node provides Switchboard's tools on one shared address: leave the entries to the other nodes.
    Future<Void> stopped = switchboard == null ? Future.succeededFuture() : switchboard.stop(false);
    if (fixture != null) {
      stopped = stopped.compose(v -> fixture.stop());
    }
    return stopped.compose(v -> listener == null ? Future.succeededFuture()
      : vertx.executeBlocking(() -> catalogMap.removeEntryListener(listener), false));
  }
}
