package io.switchboard.load.target;

import io.switchboard.load.client.Framing;

/**
 * A server under test: its name in reports, its HTTP base (null when it has none), its WebSocket endpoint, the
 * framing its clients speak, whether it is Switchboard (full protocol, JWT) or a peer speaking only the relay
 * subset (ready, subscribe, publish, ping; no auth), and its process id when the tool launched it (-1 when unknown).
 */
public record Target(String name, String httpUrl, String wsUrl, Framing framing, boolean switchboard, long pid) {

  /**
   * Has a WebSocket endpoint. The MCP peers have none: their {@code httpUrl} is their MCP endpoint (for
   * Switchboard, {@code httpUrl} is the node's base URL and the MCP endpoint is {@code httpUrl + "/mcp"}).
   */
  public boolean webSocket() {
    return wsUrl != null;
  }

  public Target withFraming(Framing f) {
    return new Target(name, httpUrl, wsUrl, f, switchboard, pid);
  }
}
