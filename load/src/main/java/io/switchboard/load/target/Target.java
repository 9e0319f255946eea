package io.switchboard.load.target;

import io.switchboard.load.client.Framing;

import java.util.List;

/**
 * A server under test: its name in reports, its HTTP base (null when it has none), its WebSocket endpoint, the
 * framing its clients speak, whether it is Switchboard (full protocol, JWT) or a peer speaking only the relay
 * subset (ready, subscribe, publish, ping; no auth), and its process id when the tool launched it (-1 when unknown).
 * <p>
 * A Switchboard cluster ({@code switchboard-cluster}) has several nodes: {@code wsUrl}/{@code httpUrl}/{@code pid}
 * are its first node's, where publishers connect; {@code nodeWsUrls} lists every node's WebSocket endpoint, and
 * receivers connect to the others ({@link #receiverWsUrl}), so every delivery crosses nodes; {@code pids} are every
 * node's process, whose CPU is summed.
 */
public record Target(String name, String httpUrl, String wsUrl, Framing framing, boolean switchboard, long pid,
                     List<String> nodeWsUrls, List<Long> pids) {

  public Target {
    nodeWsUrls = List.copyOf(nodeWsUrls);
    pids = List.copyOf(pids);
  }

  /** One process (or none known), one endpoint. */
  public Target(String name, String httpUrl, String wsUrl, Framing framing, boolean switchboard, long pid) {
    this(name, httpUrl, wsUrl, framing, switchboard, pid, wsUrl == null ? List.of() : List.of(wsUrl),
        pid > 0 ? List.of(pid) : List.of());
  }

  /**
   * Has a WebSocket endpoint. The MCP peers have none: their {@code httpUrl} is their MCP endpoint (for
   * Switchboard, {@code httpUrl} is the node's base URL and the MCP endpoint is {@code httpUrl + "/mcp"}).
   */
  public boolean webSocket() {
    return wsUrl != null;
  }

  /** Several nodes: receivers connect to other nodes than publishers. */
  public boolean crossNode() {
    return nodeWsUrls.size() > 1;
  }

  /** Where the i-th receiving connection connects: a node other than the publishers' (round robin), or the one. */
  public String receiverWsUrl(int i) {
    return crossNode() ? nodeWsUrls.get(1 + Math.floorMod(i, nodeWsUrls.size() - 1)) : wsUrl;
  }

  public Target withFraming(Framing f) {
    return new Target(name, httpUrl, wsUrl, f, switchboard, pid, nodeWsUrls, pids);
  }

  public Target withPid(long serverPid) {
    return new Target(name, httpUrl, wsUrl, framing, switchboard, serverPid);
  }
}
