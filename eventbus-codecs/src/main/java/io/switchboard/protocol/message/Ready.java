package io.switchboard.protocol.message;

import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.Limits;
import java.util.List;

/**
 * First message on every connection, sent once the handshake succeeded.
 *
 * @param protocol protocol version ({@link io.switchboard.protocol.Protocol#VERSION})
 * @param serverTime server clock, epoch milliseconds
 * @param features optional capabilities this server enables (e.g. {@code "resume"}, {@code "sig"})
 * @param heartbeatMs the client should send a ping at least this often
 * @param encoding the encoding the server replies in
 */
public record Ready(String connectionId, String user, String nodeId, int protocol, long serverTime,
                    List<String> features, long heartbeatMs, Limits limits, Encoding encoding)
    implements ServerMessage {

  public Ready {
    Check.id("connectionId", connectionId);
    Check.text("user", user, 256);
    Check.id("nodeId", nodeId);
    Check.nonNegative("protocol", protocol);
    features = List.copyOf(Check.present("features", features));
    Check.nonNegative("heartbeatMs", heartbeatMs);
    Check.present("limits", limits);
    Check.present("encoding", encoding);
  }

  @Override
  public MessageType type() {
    return MessageType.READY;
  }
}
