package io.switchboard.mcp;

/**
 * The MCP service's event-bus contract (docs/event-bus.md). Anything on any node, including clients of the
 * event-bus bridges, can provide tools, resources and prompts:
 *
 * <pre>
 * REGISTRY  request {action:"register", kind:"tool"|"resource"|"template"|"prompt", name, definition, address,
 *                    ttlSeconds?}  -> {registered:true}; repeat within ttlSeconds (default 30) to stay listed
 *           request {action:"unregister", kind, name}
 * address   (the provider's own) request {kind, name, arguments | uri | argument+context, callId, channel,
 *                    progressToken?, session, principal} -> the MCP result object; failure code = JSON-RPC code
 * channel   (per call, from the provider) {type:"progress", progress, total?, message?} | {type:"log", level,
 *                    logger?, data} | request {type:"request", method, params} -> the client's result
 * CANCEL    publish {callId}: the client cancelled; the provider should stop the work
 * RESOURCE_UPDATED publish {uri}: subscribers of that resource are notified
 * </pre>
 */
public final class McpApi {

  public static final String REGISTRY = "switchboard.mcp.registry";
  public static final String CANCEL = "switchboard.mcp.cancel";
  public static final String RESOURCE_UPDATED = "switchboard.mcp.resource-updated";
  /** Local, on every node: {kind} whenever the catalog gained or lost an entry of that kind. */
  public static final String LIST_CHANGED = "switchboard.mcp.list-changed";
  public static final String CHANNEL_PREFIX = "switchboard.mcp.channel.";

  /** Hazelcast map of the catalog: key {@code kind:name}. */
  public static final String CATALOG = "switchboard.mcp.catalog";
  /** Hazelcast map of MCP sessions (Streamable HTTP): key {@code Mcp-Session-Id}. */
  public static final String SESSIONS = "switchboard.mcp.sessions";

  private McpApi() {
  }
}
