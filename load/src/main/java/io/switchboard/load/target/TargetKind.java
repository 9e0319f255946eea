package io.switchboard.load.target;

import java.util.Arrays;
import java.util.List;

/** The servers the tool can measure, by the names {@code --targets} takes. */
public enum TargetKind {
  /** The Switchboard node: the fat jar with load/bench-node.json, or a running node given by --url/--ws. */
  SWITCHBOARD("switchboard", false, false),
  /**
   * Switchboard as a cluster of {@code --cluster-nodes} (default 3) node processes on this machine: publishers on the
   * first node, receivers on the others (throughput, fanout and saturate; capacity spreads over every node; docs/benchmarks.md). Not in the default
   * target list (it takes the machine's cores from the standalone figures it is compared with): name it.
   */
  SWITCHBOARD_CLUSTER("switchboard-cluster", false, false),
  /** {@code io.switchboard.load.peer.VertxRelay}: raw Vert.x WebSockets, the framework's ceiling. */
  VERTX_RELAY("vertx-relay", false, false),
  /** {@code io.switchboard.load.peer.VertxRest}: raw Vert.x HTTP with the session API's shape in memory, the HTTP ceiling. */
  VERTX_REST("vertx-rest", false, true),
  /** load/peers/ws-relay.mjs: the Node.js {@code ws} library. */
  NODE_WS("node-ws", true, false),
  /** load/peers/socketio-relay.mjs: Socket.IO 4 over its websocket transport. */
  SOCKETIO("socketio", true, false),
  /** load/peers/mcp-ts-example.mjs: the official TypeScript SDK's example Streamable HTTP server. */
  MCP_TS("mcp-ts", true, true),
  /** {@code io.switchboard.load.peer.McpJavaPeer}: an MCP Java SDK server. */
  MCP_JAVA("mcp-java", false, true),
  /** load/peers/sharedb-server.mjs: ShareDB 7 (operational transform, ot-text-unicode, in memory). {@code collab} only. */
  SHAREDB("sharedb", true, false),
  /** load/peers/hocuspocus-server.mjs: Hocuspocus 3 (Yjs CRDT, in memory). {@code collab} only. */
  HOCUSPOCUS("hocuspocus", true, false);

  public final String id;
  /** Needs Node.js and load/peers' npm packages. */
  public final boolean needsNode;
  /** An HTTP server only (MCP or REST, no WebSocket endpoint): only scenarios that declare they support it run against it. */
  public final boolean httpOnly;

  TargetKind(String id, boolean needsNode, boolean httpOnly) {
    this.id = id;
    this.needsNode = needsNode;
    this.httpOnly = httpOnly;
  }

  /** A collaborative-editing server with a protocol of its own: only the {@code collab} scenario measures it. */
  public boolean editingOnly() {
    return this == SHAREDB || this == HOCUSPOCUS;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(k -> k.id).toList();
  }

  /** What {@code suite} measures when {@code --targets} is not given: every kind but the cluster. */
  public static List<String> defaults() {
    return Arrays.stream(values()).filter(k -> k != SWITCHBOARD_CLUSTER).map(k -> k.id).toList();
  }

  public static TargetKind of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown target '" + id + "'; expected some of " + ids()));
  }
}
