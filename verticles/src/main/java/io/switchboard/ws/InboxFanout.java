package io.switchboard.ws;

import io.switchboard.inbox.Inbox;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.message.InboxItem;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Live pushes of inbox messages ({@link Inbox#LIVE}, published once per node), one instance per WsVerticle instance:
 * each goes to this instance's connections of the addressed user. Only created when the node has an inbox.
 */
final class InboxFanout {

  private final Gateway gateway;
  private final Map<String, Set<InboxDelivery>> byUser = new HashMap<>();
  private MessageConsumer<Envelope> consumer;

  InboxFanout(Gateway gateway) {
    this.gateway = gateway;
  }

  void start() {
    consumer = gateway.vertx.eventBus().consumer(Inbox.LIVE, this::received);
  }

  void add(String user, InboxDelivery d) {
    byUser.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(d);
  }

  void remove(String user, InboxDelivery d) {
    Set<InboxDelivery> set = byUser.get(user);
    if (set != null && set.remove(d) && set.isEmpty()) {
      byUser.remove(user);
    }
  }

  private void received(Message<Envelope> msg) {
    Set<InboxDelivery> set = byUser.get(msg.headers().get(Inbox.USER));
    if (set != null) {
      InboxItem item = (InboxItem) msg.body().message();
      for (InboxDelivery d : new ArrayList<>(set)) {
        d.live(item);
      }
    }
  }

  void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
