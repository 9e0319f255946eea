package io.switchboard.ws;

import io.switchboard.security.TopicPermissions;
import io.switchboard.topic.TopicExport;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Protocol;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.codec.Envelope;
import io.switchboard.protocol.codec.Frames;
import io.switchboard.protocol.codec.ReadyFrames;
import io.switchboard.bus.ServiceError;
import io.switchboard.topic.PublishPipeline;
import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.message.Ack;
import io.switchboard.protocol.message.DocumentPosition;
import io.switchboard.protocol.message.Edit;
import io.switchboard.protocol.message.EditAck;
import io.switchboard.protocol.message.InboxAck;
import io.switchboard.protocol.message.Join;
import io.switchboard.protocol.message.Joined;
import io.switchboard.protocol.message.MessageType;
import io.switchboard.protocol.message.Leave;
import io.switchboard.protocol.message.Left;
import io.switchboard.protocol.message.ParticipantJoined;
import io.switchboard.protocol.message.ParticipantLeft;
import io.switchboard.protocol.message.Presence;
import io.switchboard.protocol.message.RemoteEdit;
import io.switchboard.protocol.message.RemotePresence;
import io.switchboard.protocol.message.Selection;
import io.vertx.core.json.JsonObject;
import io.switchboard.protocol.message.Batch;
import io.switchboard.protocol.message.ClientMessage;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.ErrorMessage;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import io.switchboard.protocol.message.Position;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.Ready;
import io.switchboard.protocol.message.Resume;
import io.switchboard.protocol.message.ServerMessage;
import io.switchboard.protocol.message.Subscribe;
import io.switchboard.protocol.message.Subscribed;
import io.switchboard.protocol.message.Unsubscribe;
import io.switchboard.protocol.message.Unsubscribed;
import io.switchboard.protocol.topic.TopicPattern;
import io.switchboard.security.Principal;
import io.switchboard.security.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One client on the raw WebSocket gateway, confined to its verticle's event loop. It decodes frames (text:
 * JSON, binary: MsgPack), applies the protocol (docs/protocol/websocket.md) and writes replies in the
 * negotiated encoding through a bounded priority queue. Bad input gets an {@code error} message, never a
 * dropped connection; only abuse (sustained rate-limit violations), a peer that stopped reading, or a dead
 * peer is disconnected, each with a close code and reason.
 */
final class Connection {

  private static final int CONTROL_PRIORITY = Protocol.HIGHEST_PRIORITY;
  private static final String FLUSH_CONSOLIDATION = "switchboard-flush-consolidation";
  /** Frames per tick (about a second) from which a connection's flushes are consolidated. */
  private static final int STREAMING_FRAMES = 200;
  /** How often a paged replay looks again whether the outbound queue has room. */
  private static final long REPLAY_RETRY_MS = 20;
  private static final long REJECTION_WINDOW_MS = 10_000;
  private static final int EDIT_PRIORITY = 1;
  /** Cursor updates beyond this rate are dropped (the next one supersedes them anyway). */
  private static final int PRESENCE_PER_SECOND = 10;

  final String id;
  final Principal principal;
  private final ServerWebSocket ws;
  /** The socket's Netty pipeline (null: not a Vert.x socket, as in tests of other transports). */
  private final ChannelPipeline pipeline;
  /** While this connection streams: the flush-consolidating handler's context, a flush from which goes out at once. */
  private ChannelHandlerContext flushNow;
  /** Frames written since the last {@link #tick}: whether the connection streams. */
  private int framesSinceTick;
  /** While a frame the client sent is being handled: what is written now leaves with the read's flush. */
  private boolean reading;
  private final TopicPermissions permissions;
  private final Encoding encoding;
  private final Gateway gateway;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private final Map<String, Participation> joined = new HashMap<>();
  private final TokenBucket presenceBucket = new TokenBucket(PRESENCE_PER_SECOND, PRESENCE_PER_SECOND, System.nanoTime());
  private final TokenBucket publishBucket;
  private final OutboundQueue outbound;
  private final List<Runnable> afterReply = new ArrayList<>();
  private InboxDelivery inbox;
  private long lastSeen = System.currentTimeMillis();
  private long lastPing = lastSeen;
  private long rejectionWindowStart;
  private int rejectionsInWindow;
  private boolean closed;
  /** When the token this connection was opened with expires (epoch ms): it is not served past that. */
  private final long expiresAtMillis;
  private long expiryTimer = -1;
  /** Messages received whose reply is not sent yet (publishes being appended, ...). */
  private int inFlight;
  /** Set once the server decided to close: no new message is taken; the close waits for {@link #inFlight}. */
  private Runnable closeWhenSettled;
  /** How long a closing connection waits for the replies of what it accepted. */
  private static final long SETTLE_MS = 5000;

  /** Close code for a connection whose token expired: reconnect with a fresh token (and resume). */
  static final short TOKEN_EXPIRED = 4001;

  Connection(String id, ServerWebSocket ws, Principal principal, TopicPermissions permissions, Gateway gateway,
             long expiresAtMillis) {
    this.id = id;
    this.expiresAtMillis = expiresAtMillis;
    this.ws = ws;
    this.principal = principal;
    this.permissions = permissions;
    this.gateway = gateway;
    this.encoding = Encoding.ofSubprotocol(ws.subProtocol());
    WsSettings s = gateway.settings;
    this.publishBucket = new TokenBucket(s.publishPerSecond(), s.publishBurst(), System.nanoTime());
    this.outbound = new OutboundQueue(s.outboundMaxMessages(), s.outboundMaxBytes(), gateway.metrics::dropped);
    this.pipeline = ws instanceof WebSocketInternal internal ? internal.channelHandlerContext().pipeline() : null;
  }

  void start() {
    MessageAssembler assembler = new MessageAssembler(gateway.settings.maxFrameBytes(), new MessageAssembler.Sink() {
      @Override
      public void text(byte[] utf8) {
        gateway.metrics.messageIn("text", utf8.length);
        receive(() -> Frames.decodeClientUtf8(utf8, gateway.limits));
      }

      @Override
      public void binary(Buffer bytes) {
        gateway.metrics.messageIn("binary", bytes.length());
        receive(() -> Frames.decodeClient(bytes, Encoding.MSGPACK, gateway.limits));
      }

      @Override
      public void fail(short code, String reason, String metricReason) {
        close(code, reason, metricReason);
      }
    });
    ws.frameHandler(frame -> {
      seen();
      reading = true;
      try {
        assembler.frame(frame);
      } finally {
        reading = false;
      }
    });
    ws.pongHandler(data -> seen());
    ws.drainHandler(v -> drain());
    ws.closeHandler(v -> {
      gateway.vertx.cancelTimer(expiryTimer);
      gateway.disconnected(this);
    });
    expiryTimer = gateway.vertx.setTimer(Math.max(1, expiresAtMillis - System.currentTimeMillis()), t -> expired());
    ws.exceptionHandler(err -> gateway.log.debug("connection {} failed: {}", id, err.getMessage()));
    WsSettings s = gateway.settings;
    List<String> features = new ArrayList<>(List.of("resume", "filters", "e2e", "batch", "dedup", "priorities"));
    if (gateway.publisher.signs()) {
      features.add("sig");
    }
    if (gateway.inbox != null) {
      features.add("inbox");
    }
    if (TopicExport.find(gateway.vertx) != null) {
      features.add("federation"); // deliveries may carry origin
    }
    Ready ready = new Ready(id, principal.subject(), gateway.nodeId, Protocol.VERSION, System.currentTimeMillis(),
      features, s.heartbeatMs(), gateway.limits, encoding);
    if (gateway.readyFrames == null) {
      gateway.readyFrames = new ReadyFrames(ready); // what is the same for every connection, encoded once
    }
    send(ready, gateway.readyFrames.encode(ready, encoding), CONTROL_PRIORITY);
    if (gateway.inbox != null) {
      inbox = new InboxDelivery(this, gateway, gateway.inbox);
      inbox.start();
    }
  }

  void stopInbox() {
    if (inbox != null) {
      inbox.stop();
    }
  }

  private Future<ServerMessage> inboxAck(InboxAck a) {
    if (inbox == null) {
      return Future.succeededFuture(new ErrorMessage(ErrorCode.UNAVAILABLE.wire(),
        "this server keeps no offline inbox (it needs Redis; see ready.features)", a.id(), null, false));
    }
    return inbox.ack(a);
  }

  // ---- inbound ----

  private interface Decoder {
    ClientMessage decode();
  }

  private void expired() {
    close(TOKEN_EXPIRED, "token expired: reconnect with a fresh token", "token_expired");
  }

  private void receive(Decoder decoder) {
    if (System.currentTimeMillis() >= expiresAtMillis) {
      expired(); // before the timer fires: nothing is served on an expired token
      return;
    }
    if (closeWhenSettled != null) {
      return; // closing: what arrives now is not taken (and so owes no reply)
    }
    ClientMessage message;
    try {
      message = decoder.decode();
    } catch (ProtocolException e) {
      send(e.toErrorMessage(), CONTROL_PRIORITY);
      return;
    }
    inFlight++;
    Future<ServerMessage> reply = message instanceof Batch batch ? handleBatch(batch) : handle(message);
    reply.onComplete(r -> {
      if (r != null) {
        send(r, CONTROL_PRIORITY);
      }
      replied();
    }, err -> {
      gateway.log.error("connection {}: unexpected failure", id, err);
      send(error(ErrorCode.INTERNAL, "internal error", null, null), CONTROL_PRIORITY);
      replied();
    });
  }

  private void replied() {
    inFlight--;
    runAfterReply();
    if (inFlight == 0 && closeWhenSettled != null) {
      closeWhenSettled.run();
    }
  }

  /**
   * Closes once every message already taken has its reply written (an ack of an accepted publish is owed even to a
   * client closed for flooding), or after {@link #SETTLE_MS} at the latest; takes nothing new meanwhile.
   */
  private void closeSettled(short code, String reason, String metricReason) {
    if (closeWhenSettled != null || closed) {
      return;
    }
    long timer = gateway.vertx.setTimer(SETTLE_MS, t -> flushAndClose(code, reason, metricReason));
    closeWhenSettled = () -> {
      gateway.vertx.cancelTimer(timer);
      flushAndClose(code, reason, metricReason);
    };
    if (inFlight == 0) {
      closeWhenSettled.run();
    }
  }

  private void flushAndClose(short code, String reason, String metricReason) {
    while (!closed && !outbound.isEmpty()) {
      writeNow(outbound.poll()); // bounded by the outbound queue's limits; the close frame follows them
    }
    close(code, reason, metricReason);
  }

  /** Messages of a batch run in order; their replies go back together as one batch. */
  private Future<ServerMessage> handleBatch(Batch batch) {
    List<Message> replies = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Message inner : batch.messages()) {
      chain = chain.compose(v -> handle((ClientMessage) inner)
        .recover(err -> Future.succeededFuture(error(ErrorCode.INTERNAL, "internal error", null, null)))
        .map(r -> {
          if (r != null) {
            replies.add(r);
          }
          return null;
        }));
    }
    return chain.map(v -> replies.isEmpty() ? null : new Batch(replies));
  }

  private Future<ServerMessage> handle(ClientMessage message) {
    if (message instanceof Publish p) {
      return publish(p);
    } else if (message instanceof Subscribe s) {
      return subscribe(s);
    } else if (message instanceof Unsubscribe u) {
      return Future.succeededFuture(unsubscribe(u));
    } else if (message instanceof Resume r) {
      return resume(r);
    } else if (message instanceof Ping p) {
      return Future.succeededFuture(new Pong(p.ts(), System.currentTimeMillis()));
    } else if (message instanceof Join j) {
      return join(j);
    } else if (message instanceof Leave l) {
      return Future.succeededFuture(leave(l));
    } else if (message instanceof Edit e) {
      return edit(e);
    } else if (message instanceof Presence p) {
      return Future.succeededFuture(presence(p));
    } else if (message instanceof InboxAck a) {
      return inboxAck(a);
    }
    return Future.succeededFuture(error(ErrorCode.UNKNOWN_TYPE, "unexpected message " + message.type(), null, "type"));
  }

  private Future<ServerMessage> publish(Publish p) {
    // The connection's own flood guard first (it costs nothing to refuse here); then the node's pipeline, whose rules
    // (topic permissions, the user's budget across edges) every edge shares.
    if (publishBucket.tryAcquire(System.nanoTime()) != 0) {
      return Future.succeededFuture(rateLimited("connection", p.id()));
    }
    return gateway.publisher.publish(principal, permissions, PublishPipeline.Request.of(p), "ws").<ServerMessage>map(appended -> {
      Deliver d = appended.deliver();
      return p.ack() ? new Ack(p.id(), p.topic(), d.epoch(), d.seq(), appended.duplicate()) : null;
    }).recover(err -> {
      if (err instanceof ServiceError se && se.code() == io.switchboard.bus.ErrorCode.RATE_LIMITED) {
        countRejection();
      }
      return Future.succeededFuture(serviceError(err, p.id()));
    });
  }

  private ServerMessage rateLimited(String scope, String ref) {
    gateway.metrics.rateLimited("ws_" + scope);
    countRejection();
    return error(ErrorCode.RATE_LIMITED, "publish rate limit exceeded (" + scope + ")", ref, null);
  }

  /** Refused again and again (by any budget): the client is not backing off, so it is closed (1008). */
  private void countRejection() {
    long now = System.currentTimeMillis();
    if (now - rejectionWindowStart > REJECTION_WINDOW_MS) {
      rejectionWindowStart = now;
      rejectionsInWindow = 0;
    }
    if (++rejectionsInWindow > gateway.settings.abuseCloseAfter()) {
      afterReply.add(() -> closeSettled((short) 1008, "rate limit exceeded repeatedly", "rate_limit_abuse"));
    }
  }


  private Future<ServerMessage> subscribe(Subscribe s) {
    if (subscriptions.containsKey(s.topic())) {
      return Future.succeededFuture(error(ErrorCode.INVALID_FIELD, "already subscribed to " + s.topic(), s.id(), "topic"));
    }
    if (subscriptions.size() >= gateway.settings.maxSubscriptions()) {
      return Future.succeededFuture(error(ErrorCode.LIMIT_EXCEEDED,
        "at most " + gateway.settings.maxSubscriptions() + " subscriptions per connection", s.id(), null));
    }
    if (!permissions.maySubscribe(s.topic())) {
      gateway.denied(this, "subscribe", s.topic());
      return Future.succeededFuture(error(ErrorCode.FORBIDDEN, "you may not subscribe to " + s.topic(), s.id(), "topic"));
    }
    TopicPattern pattern = TopicPattern.compile(s.topic());
    Subscription sub = new Subscription(s.id(), s.topic(), pattern, s.filter());
    if (!pattern.isLiteral()) {
      if (s.resume() != null) {
        return Future.succeededFuture(error(ErrorCode.INVALID_FIELD, "resume needs a concrete topic", s.id(), "resume"));
      }
      subscriptions.put(s.topic(), sub);
      gateway.fanout.add(this, sub);
      return Future.succeededFuture(new Subscribed(s.id(), s.topic(), null));
    }
    // Register first and hold live traffic, so nothing published while we ask for the position is lost.
    sub.startReplay();
    subscriptions.put(s.topic(), sub);
    gateway.fanout.add(this, sub);
    return gateway.topics.position(s.topic()).map(head -> {
      gateway.fanout.seed(s.topic(), head);
      if (s.resume() != null) {
        afterReply.add(() -> replay(sub, s.resume()));
      } else {
        sub.epoch = head.epoch();
        sub.lastSeq = head.seq();
        releaseHeld(sub);
      }
      return (ServerMessage) new Subscribed(s.id(), s.topic(), head);
    }).recover(err -> {
      subscriptions.remove(s.topic());
      gateway.fanout.remove(this, sub);
      return Future.failedFuture(err);
    });
  }

  private ServerMessage unsubscribe(Unsubscribe u) {
    Subscription sub = subscriptions.remove(u.topic());
    if (sub == null) {
      return error(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + u.topic(), u.id(), "topic");
    }
    gateway.fanout.remove(this, sub);
    return new Unsubscribed(u.id(), u.topic());
  }

  private Future<ServerMessage> resume(Resume r) {
    Subscription sub = subscriptions.get(r.topic());
    if (sub == null || !sub.literal()) {
      return Future.succeededFuture(error(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + r.topic(), null, "topic"));
    }
    if (!sub.replaying()) {
      sub.startReplay();
    }
    afterReply.add(() -> replay(sub, r.position()));
    return Future.succeededFuture(null);
  }

  /**
   * Sends what the topic's log holds after {@code from} (or a gap), then the live messages held meanwhile. A long
   * history (Redis can keep far more than the outbound queue) goes out page by page, each page only once the
   * queue has room, so a resume never skips messages and never floods the queue; a consumer too slow to take it
   * is closed by the slow-consumer check like any other.
   */
  private void replay(Subscription sub, Position from) {
    sub.epoch = from.epoch();
    sub.lastSeq = from.seq();
    replayPage(sub, from);
  }

  private void replayPage(Subscription sub, Position from) {
    if (closed || subscriptions.get(sub.key) != sub) {
      return;
    }
    gateway.topics.replay(sub.key, from, replayPageSize()).onComplete(replay -> {
      if (closed || subscriptions.get(sub.key) != sub) {
        return;
      }
      if (replay.gap() != null) {
        send(replay.gap(), CONTROL_PRIORITY);
      }
      for (Deliver d : replay.messages()) {
        Envelope replayed = Envelope.of(gateway.sign(d));
        // its position is taken before the filter looks, so that the next page starts after a filtered-out message
        if (sub.accepts(replayed.epoch(), replayed.seq()) && sub.passes(replayed)) {
          write(replayed, Protocol.DEFAULT_PRIORITY);
        }
      }
      if (replay.more() || sub.heldOverflowed()) {
        Position next = replay.messages().isEmpty()
          ? (replay.gap() != null ? replay.gap().available() : replay.position())
          : new Position(sub.epoch, sub.lastSeq);
        if (sub.heldOverflowed() && !replay.more()) {
          sub.startReplay(); // the live messages let go are in the log now: read them, holding anew meanwhile
        }
        whenQueueHasRoom(() -> replayPage(sub, next));
        return;
      }
      if (sub.epoch == null || !sub.epoch.equals(replay.position().epoch())) {
        sub.epoch = replay.position().epoch();
        sub.lastSeq = Math.max(0, replay.messages().isEmpty() ? replay.position().seq() : sub.lastSeq);
      }
      releaseHeld(sub);
    }, err -> {
      send(error(ErrorCode.UNAVAILABLE, "history of " + sub.key + " is unavailable: " + err.getMessage(), sub.id, null),
        CONTROL_PRIORITY);
      releaseHeld(sub);
    });
  }

  /** Half the outbound queue: a page always fits beside what is already queued. */
  private int replayPageSize() {
    return Math.max(1, gateway.settings.outboundMaxMessages() / 2);
  }

  private void whenQueueHasRoom(Runnable action) {
    if (closed) {
      return;
    }
    if (outbound.size() < replayPageSize()) {
      action.run();
    } else {
      gateway.vertx.setTimer(REPLAY_RETRY_MS, t -> whenQueueHasRoom(action));
    }
  }

  private void releaseHeld(Subscription sub) {
    if (sub.replaying()) {
      for (Subscription.Held h : sub.endReplay()) {
        deliverIfNew(sub, h.envelope(), h.priority());
      }
    }
  }

  private void runAfterReply() {
    if (!afterReply.isEmpty()) {
      List<Runnable> actions = new ArrayList<>(afterReply);
      afterReply.clear();
      actions.forEach(Runnable::run);
    }
  }

  // ---- collaborative sessions ----

  /**
   * A fresh join reads the document (text, revision, epoch). A join that resumes reads the edits after the client's
   * revision instead, answers {@code joined} without text and then sends them, before any later edit: the client
   * learns what happened while it was away, its own earlier edits included (docs/collaboration.md, "Reconnect").
   */
  private Future<ServerMessage> join(Join j) {
    if (joined.containsKey(j.session())) {
      return Future.succeededFuture(error(ErrorCode.INVALID_FIELD, "already joined " + j.session(), j.id(), "session"));
    }
    // Register first and hold edits, so nothing applied while the document is read is lost.
    Participation p = gateway.sessions.join(this, j.session());
    joined.put(j.session(), p);
    DocumentPosition resume = j.resume();
    return (resume == null ? gateway.documents.document(principal, j.session())
        : gateway.documents.documentHistory(principal, j.session(), resume.revision(), 0, resume.epoch()))
      .timeout(gateway.documentTimeoutMs, TimeUnit.MILLISECONDS)
      .compose(doc -> gateway.participants.put(j.session(), principal.subject(), id, p.since)
        .compose(v -> gateway.participants.of(j.session()))
        .map(list -> {
          String epoch = doc.getString("epoch");
          long current = doc.getLong("revision");
          List<JsonObject> missed = resume == null ? List.of()
            : doc.getJsonArray("edits").stream().map(JsonObject.class::cast).toList();
          afterReply.add(() -> {
            gateway.sessions.joined(this, p, epoch, current, resume == null ? current : resume.revision(), missed);
            gateway.sessions.announce(this, j.session(), "joined", null);
          });
          return (ServerMessage) (resume == null
            ? new Joined(j.id(), j.session(), epoch, doc.getString("text"), current, SessionFanout.participantsOf(list), false)
            : new Joined(j.id(), j.session(), epoch, null, resume.revision(), SessionFanout.participantsOf(list), true));
        }))
      .recover(err -> {
        joined.remove(j.session());
        gateway.sessions.leave(this, p);
        gateway.participants.remove(j.session(), id);
        return Future.succeededFuture(serviceError(err, j.id()));
      });
  }

  private ServerMessage leave(Leave l) {
    Participation p = joined.remove(l.session());
    if (p == null) {
      return error(ErrorCode.NOT_FOUND, "not in session " + l.session(), l.id(), "session");
    }
    leave(p);
    return new Left(l.id(), l.session());
  }

  private void leave(Participation p) {
    gateway.sessions.leave(this, p);
    gateway.participants.remove(p.session, id);
    gateway.sessions.announce(this, p.session, "left", null);
  }

  /** On disconnect: leave every session, telling the others. */
  void leaveAll() {
    for (Participation p : new ArrayList<>(joined.values())) {
      leave(p);
    }
    joined.clear();
  }

  void refreshParticipations() {
    for (Participation p : joined.values()) {
      gateway.participants.put(p.session, principal.subject(), id, p.since);
    }
  }

  /** The author is acknowledged through the session's ordered stream ({@link #edited}), not by this reply. */
  private Future<ServerMessage> edit(Edit e) {
    if (!joined.containsKey(e.session())) {
      return Future.succeededFuture(error(ErrorCode.NOT_FOUND, "join session " + e.session() + " before editing it",
        e.id(), "session"));
    }
    return gateway.documents.edit(principal, e.session(), e.revision(), e.op(), id, e.id(), e.resent())
      .timeout(gateway.documentTimeoutMs, TimeUnit.MILLISECONDS)
      .map(event -> {
        // Also feed the answer itself to the ordered stream: should the broadcast be lost, the author still gets its ack.
        gateway.sessions.accept(event);
        return (ServerMessage) null;
      })
      .recover(err -> Future.succeededFuture(serviceError(err, e.id())));
  }

  private ServerMessage presence(Presence p) {
    if (!joined.containsKey(p.session())) {
      return error(ErrorCode.NOT_FOUND, "join session " + p.session() + " before sending presence", null, "session");
    }
    if (presenceBucket.tryAcquire(System.nanoTime()) == 0) {
      JsonObject extra = new JsonObject().put("cursor", p.cursor());
      if (p.selection() != null) {
        extra.put("selection", new JsonObject().put("start", p.selection().start()).put("end", p.selection().end()));
      }
      gateway.sessions.announce(this, p.session(), "presence", extra);
    }
    return null; // over the presence rate: dropped, as documented
  }

  /** An applied edit of a joined session, in revision order. */
  void edited(Participation p, JsonObject event) {
    edited(p, event, null);
  }

  /**
   * The same, with the {@code remote_edit} the session's other participants on this event loop share ({@code remote};
   * null: built here): it is built and encoded once per edit and encoding, not once per participant.
   */
  void edited(Participation p, JsonObject event, SharedFrame remote) {
    if (closed) {
      return;
    }
    if (p.joining()) {
      p.hold(event);
      return;
    }
    if (!p.accepts(event)) {
      return;
    }
    if (id.equals(event.getString("origin"))) {
      send(new EditAck(event.getString("clientEditId"), p.session, event.getLong("revision")), CONTROL_PRIORITY);
    } else {
      SharedFrame frame = remote != null ? remote : remoteEdit(p.session, event);
      Buffer bytes = frame.encoded(encoding);
      write(new OutboundQueue.Frame(bytes, encoding == Encoding.JSON, bytes.length(), EDIT_PRIORITY, 0,
        MessageType.REMOTE_EDIT.toString()));
    }
  }

  /** The {@code remote_edit} of an applied edit event. */
  static SharedFrame remoteEdit(String session, JsonObject event) {
    return new SharedFrame(() -> new RemoteEdit(session, event.getLong("revision"),
      TextOperation.fromJson(event.getJsonArray("op")), event.getString("author", "?"), event.getString("clientEditId")));
  }

  /** A join, leave or cursor move of another participant. */
  void noticed(JsonObject n) {
    String session = n.getString("session");
    switch (n.getString("kind")) {
      case "joined" -> send(new ParticipantJoined(session, n.getString("user"), n.getString("connectionId")), EDIT_PRIORITY);
      case "left" -> send(new ParticipantLeft(session, n.getString("user"), n.getString("connectionId")), EDIT_PRIORITY);
      case "presence" -> {
        JsonObject sel = n.getJsonObject("selection");
        send(new RemotePresence(session, n.getString("user"), n.getString("connectionId"), n.getInteger("cursor"),
          sel == null ? null : new Selection(sel.getInteger("start"), sel.getInteger("end"))), Protocol.LOWEST_PRIORITY);
      }
      default -> gateway.log.debug("unknown session notice {}", n);
    }
  }

  private static ServerMessage serviceError(Throwable err, String ref) {
    ServiceError se = ServiceError.from(err);
    String code = se.code().code();
    String field = null;
    if (se.fields() != null && !se.fields().isEmpty()) {
      field = se.fields().fieldNames().iterator().next();
    }
    if (code.equals("validation_failed")) {
      code = ErrorCode.INVALID_FIELD.wire();
    } else if (code.equals("internal_error") || code.equals("timeout")) {
      code = code.equals("timeout") ? ErrorCode.UNAVAILABLE.wire() : ErrorCode.INTERNAL.wire();
    }
    ErrorCode known = ErrorCode.ofWire(code);
    return new ErrorMessage(code, se.getMessage(), ref, field, known != null && known.retryable());
  }

  // ---- outbound ----

  /** Called by the fan-out, in topic order, for a message matching {@code sub}. */
  /** A live deliver (its position and time read from the envelope: one off the cluster wire is not decoded). */
  void deliver(Subscription sub, Envelope envelope, int priority) {
    if (closed || !sub.passes(envelope)) {
      return;
    }
    if (sub.replaying()) {
      sub.hold(new Subscription.Held(envelope, priority), gateway.settings.outboundMaxMessages());
      return;
    }
    deliverIfNew(sub, envelope, priority);
  }

  /**
   * A deliver that passed the subscription's filter (live, or held during a replay after passing it), written unless
   * the subscriber has it already. The filter is not asked again: it was one evaluation too many per delivery.
   */
  private void deliverIfNew(Subscription sub, Envelope envelope, int priority) {
    if (sub.accepts(envelope.epoch(), envelope.seq())) {
      write(envelope, priority);
    }
  }

  private void write(Envelope deliver, int priority) {
    Buffer frame = deliver.encoded(encoding);
    write(new OutboundQueue.Frame(frame, encoding == Encoding.JSON, frame.length(), priority, deliver.ts(), "deliver"));
  }

  void send(ServerMessage m, int priority) {
    send(m, Frames.encode(m, encoding), priority);
  }

  /** {@code m} already encoded in this connection's encoding. */
  private void send(ServerMessage m, Buffer frame, int priority) {
    write(new OutboundQueue.Frame(frame, encoding == Encoding.JSON, frame.length(), priority, 0, m.type().toString()));
  }

  private void write(OutboundQueue.Frame frame) {
    if (closed) {
      return;
    }
    if (outbound.isEmpty() && !ws.writeQueueFull()) {
      writeNow(frame);
    } else {
      outbound.offer(frame, System.currentTimeMillis());
    }
  }

  private void drain() {
    while (!closed && !outbound.isEmpty() && !ws.writeQueueFull()) {
      writeNow(outbound.poll());
    }
  }

  private void writeNow(OutboundQueue.Frame frame) {
    if (!frame.text()) {
      ws.writeBinaryMessage(frame.data());
    } else if (frame.bytes() <= WsSettings.FRAME_CEILING) {
      // The encoded UTF-8 bytes as they are, shared by every subscriber: writeTextMessage takes a String, which meant
      // decoding the frame once per message and encoding it again per socket. This is what Vert.x itself does with a
      // text message it has to split (writePartialMessage); up to the server's frame size it is one frame.
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) frame.data()).getByteBuf(), true));
    } else {
      ws.writeTextMessage(frame.data().toString(StandardCharsets.UTF_8));
    }
    framesSinceTick++;
    if (frame.priority() == CONTROL_PRIORITY && flushNow != null && !reading) {
      // An answer that waited (on the cluster, say) goes out at once. One written while its request is read needs no
      // flush of its own: Vert.x flushes what a read wrote when the read completes, so the answers to a batch of
      // frames read together leave together; a flush each was a system call per pong, a third of the relay's rate
      // for pipelined pings (`ceiling`).
      flushNow.flush();
    }
    gateway.metrics.messageOut(frame.type(), frame.bytes());
    if (frame.publishedAt() > 0) {
      gateway.metrics.delivered(frame.publishedAt());
    }
  }

  // ---- liveness ----

  private void seen() {
    lastSeen = System.currentTimeMillis();
  }

  /** Called about once a second: heartbeat, dead-peer and slow-consumer checks. */
  void tick(long now) {
    WsSettings s = gateway.settings;
    if (now - lastSeen > s.idleTimeoutMs()) {
      close((short) 1001, "idle timeout: nothing received for " + (now - lastSeen) / 1000 + " s", "idle_timeout");
      return;
    }
    long backlog = outbound.backloggedMillis(now);
    if (backlog > s.slowConsumerMs()) {
      close((short) 1013, "slow consumer: " + outbound.size() + " messages pending for " + backlog / 1000 + " s",
        "slow_consumer");
      return;
    }
    if (now - lastPing >= s.heartbeatMs()) {
      lastPing = now;
      ws.writePing(Buffer.buffer(Long.toString(now)));
    }
    consolidateFlushes(framesSinceTick);
    framesSinceTick = 0;
  }

  /**
   * A connection receiving a stream of frames (deliveries, remote edits: {@link #STREAMING_FRAMES} or more since the
   * last tick, about a second) gets its flushes consolidated: Vert.x flushes every frame written outside the
   * connection's own read, one system call per message; Netty's {@link FlushConsolidationHandler} defers that flush
   * to a task behind the event loop's pending work, so the frames written meanwhile leave together. Answers to the
   * client itself (acknowledgements, replies, errors: {@link #CONTROL_PRIORITY}) are still flushed at once, past that
   * handler ({@link #writeNow}). Connections receiving a few frames a second keep Vert.x's flush per frame: deferring
   * theirs bought nothing and, at 10,000 subscribers of one topic, stretched the fan-out's tail (docs/architecture.md
   * section 9). Below {@link #STREAMING_FRAMES} / 4 the handler is removed again (which flushes what it held).
   */
  private void consolidateFlushes(int frames) {
    if (pipeline == null || closed) {
      return;
    }
    if (flushNow == null && frames >= STREAMING_FRAMES) {
      FlushConsolidationHandler handler = new FlushConsolidationHandler(256, true);
      pipeline.addFirst(FLUSH_CONSOLIDATION, handler);
      flushNow = pipeline.context(handler);
    } else if (flushNow != null && frames < STREAMING_FRAMES / 4) {
      flushNow = null;
      if (pipeline.context(FLUSH_CONSOLIDATION) != null) { // a channel being torn down may have lost it already
        pipeline.remove(FLUSH_CONSOLIDATION);
      }
    }
  }

  void close(short code, String reason, String metricReason) {
    if (closed) {
      return;
    }
    closed = true;
    gateway.metrics.closed(metricReason);
    ws.close(code, reason);
  }

  Iterable<Subscription> subscriptions() {
    return subscriptions.values();
  }

  private static ErrorMessage error(ErrorCode code, String message, String ref, String field) {
    return new ErrorMessage(code.wire(), message, ref, field, code.retryable());
  }
}
