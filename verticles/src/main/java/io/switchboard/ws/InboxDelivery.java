package io.switchboard.ws;

import io.switchboard.inbox.Inbox;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.message.ErrorMessage;
import io.switchboard.protocol.message.InboxAck;
import io.switchboard.protocol.message.InboxAcked;
import io.switchboard.protocol.message.InboxEnd;
import io.switchboard.protocol.message.InboxItem;
import io.switchboard.protocol.message.ServerMessage;
import io.switchboard.metrics.NodeMetrics;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One connection's side of the offline inbox (docs/protocol/websocket.md, "Offline inbox"). On connect it registers
 * for live pushes first (holding them), reads the stored messages, sends them in order and {@code inbox_end}, then
 * the held pushes; each inbox id at most once per connection. It remembers the ids it sent, so that an
 * {@code inbox_ack} removes exactly those: never a message this connection has not shown.
 */
final class InboxDelivery {

  /** Inbox messages share one priority so that {@code inbox_end} cannot overtake them in the outbound queue. */
  static final int PRIORITY = 1;

  private final Connection connection;
  private final Gateway gateway;
  private final Inbox inbox;
  private final String user;
  /** Ids sent and not yet acknowledged; bounded: the oldest are forgotten (they will come again next connect). */
  private final NavigableSet<String> sent = new TreeSet<>();
  /** Recently acknowledged ids, so that a live push arriving after its ack is not sent again. */
  private final NavigableSet<String> acked = new TreeSet<>();
  private final int maxRemembered;
  private List<InboxItem> held = new ArrayList<>();

  InboxDelivery(Connection connection, Gateway gateway, Inbox inbox) {
    this.connection = connection;
    this.gateway = gateway;
    this.inbox = inbox;
    this.user = io.switchboard.protocol.topic.UserSegment.of(connection.principal.subject());
    this.maxRemembered = 2 * inbox.settings().maxMessages();
  }

  void start() {
    gateway.inboxes.add(user, this);
    inbox.read(user).onComplete(stored -> {
      for (InboxItem item : stored.items()) {
        send(item);
      }
      connection.send(new InboxEnd(stored.items().size(), stored.trimmed()), PRIORITY);
      release();
    }, err -> {
      connection.send(new ErrorMessage(ErrorCode.UNAVAILABLE.wire(), "your offline inbox is temporarily unavailable ("
        + err.getMessage() + "); it is kept and sent on your next connection", null, "inbox", true), PRIORITY);
      release();
    });
  }

  private void release() {
    List<InboxItem> pushed = held;
    held = null;
    for (InboxItem item : pushed) {
      live(item);
    }
  }

  /** A live push for this user. */
  void live(InboxItem item) {
    if (held != null) {
      held.add(item);
    } else if (!sent.contains(item.inboxId()) && !acked.contains(item.inboxId())) {
      NodeMetrics.get(gateway.vertx).inboxDelivered("live", 1);
      send(item);
    }
  }

  private void send(InboxItem item) {
    if (sent.add(item.inboxId()) && sent.size() > maxRemembered) {
      sent.pollFirst();
    }
    connection.send(item, PRIORITY);
  }

  Future<ServerMessage> ack(InboxAck a) {
    List<String> ids = new ArrayList<>(sent.headSet(a.upTo(), true));
    return inbox.remove(user, ids).map(removed -> {
      for (String id : ids) {
        sent.remove(id);
        if (acked.add(id) && acked.size() > maxRemembered) {
          acked.pollFirst();
        }
      }
      return (ServerMessage) new InboxAcked(a.id(), a.upTo(), removed);
    }).recover(err -> Future.succeededFuture(new ErrorMessage(ErrorCode.UNAVAILABLE.wire(),
      "the inbox is temporarily unavailable (" + err.getMessage() + "); acknowledge again later", a.id(), null, true)));
  }

  void stop() {
    gateway.inboxes.remove(user, this);
  }
}
