package io.switchboard.load.target;

import io.switchboard.load.client.Framing;

/**
 * A server under test: Switchboard or a peer. {@code switchboard} says whether the full protocol is there
 * (auth, acks with seq, resume, sessions…) or only the relay subset every peer speaks (ready, subscribe →
 * subscribed, publish → ack + deliver, ping → pong). {@code pid} is the server process, or -1 when unknown
 * (a node the user started elsewhere), for memory readings.
 */
public record Target(String name, String httpUrl, String wsUrl, Framing framing, boolean switchboard, long pid) {

  public Target withFraming(Framing f) {
    return new Target(name, httpUrl, wsUrl, f, switchboard, pid);
  }
}
