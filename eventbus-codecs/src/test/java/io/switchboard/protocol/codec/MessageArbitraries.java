package io.switchboard.protocol.codec;

import io.switchboard.ot.TextOperation;
import io.switchboard.protocol.Encoding;
import io.switchboard.protocol.Limits;
import io.switchboard.protocol.filter.Filter;
import io.switchboard.protocol.message.Ack;
import io.switchboard.protocol.message.Batch;
import io.switchboard.protocol.message.Deliver;
import io.switchboard.protocol.message.InboxAck;
import io.switchboard.protocol.message.InboxAcked;
import io.switchboard.protocol.message.InboxEnd;
import io.switchboard.protocol.message.InboxItem;
import io.switchboard.protocol.message.Edit;
import io.switchboard.protocol.message.EditAck;
import io.switchboard.protocol.message.ErrorMessage;
import io.switchboard.protocol.message.Gap;
import io.switchboard.protocol.message.DocumentPosition;
import io.switchboard.protocol.message.Join;
import io.switchboard.protocol.message.Joined;
import io.switchboard.protocol.message.Leave;
import io.switchboard.protocol.message.Left;
import io.switchboard.protocol.message.Message;
import io.switchboard.protocol.message.Participant;
import io.switchboard.protocol.message.ParticipantJoined;
import io.switchboard.protocol.message.ParticipantLeft;
import io.switchboard.protocol.message.Ping;
import io.switchboard.protocol.message.Pong;
import io.switchboard.protocol.message.Position;
import io.switchboard.protocol.message.Presence;
import io.switchboard.protocol.message.Publish;
import io.switchboard.protocol.message.Ready;
import io.switchboard.protocol.message.RemoteEdit;
import io.switchboard.protocol.message.RemotePresence;
import io.switchboard.protocol.message.Resume;
import io.switchboard.protocol.message.Selection;
import io.switchboard.protocol.message.Subscribe;
import io.switchboard.protocol.message.Subscribed;
import io.switchboard.protocol.message.Unsubscribe;
import io.switchboard.protocol.message.Unsubscribed;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators for payloads and for every message type (unicode, nesting, extreme numbers). */
final class MessageArbitraries {

  private MessageArbitraries() {
  }

  /** Any Unicode scalar value (no lone surrogates: they cannot be encoded as UTF-8), biased to interesting ranges. */
  static Arbitrary<String> text(int maxLength) {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7e)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x1f300, 0x1faff)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of((int) '"', (int) '\\', 0x2028, 0x10ffff)));
    return codePoint.list().ofMaxSize(maxLength).map(cps -> {
      StringBuilder sb = new StringBuilder();
      cps.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }

  /** Identifiers: 1..32 printable characters, unicode allowed. */
  static Arbitrary<String> id() {
    return text(32).map(s -> s.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
        .map(s -> s.isEmpty() ? "x" : s);
  }

  static Arbitrary<String> segment() {
    return Arbitraries.strings().withChars("abcxyzABZ0189_-:@").ofMinLength(1).ofMaxLength(8);
  }

  static Arbitrary<String> topic() {
    return segment().list().ofMinSize(1).ofMaxSize(5).map(s -> String.join(".", s));
  }

  static Arbitrary<String> pattern() {
    return Combinators.combine(topic(), Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
        .as((topic, starAt, tail) -> {
          List<String> segments = new ArrayList<>(List.of(topic.split("\\.")));
          if (starAt < segments.size()) {
            segments.set(starAt, "*");
          }
          if (tail) {
            segments.add(">");
          }
          return String.join(".", segments);
        });
  }

  static Arbitrary<Long> seq() {
    return Arbitraries.longs().between(0, 9_007_199_254_740_991L);
  }

  static Arbitrary<Double> doubles() {
    Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    Arbitrary<Double> everyday = Arbitraries.doubles().between(-1e6, 1e6).ofScale(4);
    Arbitrary<Double> edges = Arbitraries.of(0.0, -0.0, 1.0, -1.5, 0.1, 1e21, 1e-7, Double.MAX_VALUE,
        Double.MIN_VALUE, -Double.MAX_VALUE, 9007199254740993.0);
    return Arbitraries.oneOf(anyBits, everyday, edges);
  }

  static Arbitrary<Object> scalar() {
    Arbitrary<BigInteger> uint64 = Arbitraries.bigIntegers()
        .between(BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, text(16).map(s -> (Object) s)),
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().map(l -> (Object) l)),
        net.jqwik.api.Tuple.of(2, doubles().map(d -> (Object) d)),
        net.jqwik.api.Tuple.of(1, uint64.map(b -> (Object) b)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  /** Any JSON value, nested up to {@code depth} levels. */
  static Arbitrary<Object> json(int depth) {
    if (depth == 0) {
      return scalar();
    }
    Arbitrary<Object> inner = json(depth - 1);
    Arbitrary<Object> array = inner.list().ofMaxSize(4).map(l -> (Object) new JsonArray(new ArrayList<>(l)));
    Arbitrary<Object> object = Arbitraries.maps(text(8), inner).ofMaxSize(4)
        .map(m -> (Object) new JsonObject(new LinkedHashMap<>(m)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, scalar()), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(2, object));
  }

  static Arbitrary<Object> payload() {
    return json(3);
  }

  static Arbitrary<DocumentPosition> documentPosition() {
    return Combinators.combine(id(), seq()).as(DocumentPosition::new);
  }

  static Arbitrary<Position> position() {
    return Combinators.combine(id(), seq()).as(Position::new);
  }

  static Arbitrary<Filter> filter() {
    Arbitrary<JsonObject> leaf = Combinators.combine(
        segment().list().ofMinSize(1).ofMaxSize(3).map(s -> String.join(".", s)),
        Arbitraries.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"),
        Arbitraries.oneOf(Arbitraries.longs().map(l -> (Object) l), doubles().map(d -> (Object) d), text(6).map(s -> (Object) s)))
        .as((field, op, value) -> {
          JsonObject f = new JsonObject().put("field", field).put("op", op);
          return switch (op) {
            case "exists" -> f;
            case "in" -> f.put("value", new JsonArray().add(value).add("x"));
            default -> f.put("value", value);
          };
        });
    Arbitrary<JsonObject> combined = Combinators.combine(Arbitraries.of("and", "or"), leaf.list().ofMinSize(1).ofMaxSize(3))
        .as((op, parts) -> new JsonObject().put(op, new JsonArray(new ArrayList<>(parts))));
    return Arbitraries.oneOf(leaf, combined).map(Filter::parse);
  }

  static Arbitrary<Message> subscribe() {
    Arbitrary<Message> live = Combinators.combine(id(), pattern(), filter().injectNull(0.5))
        .as((id, topic, filter) -> new Subscribe(id, topic, filter, null));
    Arbitrary<Message> resuming = Combinators.combine(id(), topic(), filter().injectNull(0.5), position())
        .as(Subscribe::new);
    return Arbitraries.oneOf(live, resuming);
  }

  static Arbitrary<Message> publish() {
    Arbitrary<Message> plain = Combinators.combine(id(), topic(), payload(), Arbitraries.integers().between(0, 4),
        Arbitraries.of(true, false)).as((id, topic, payload, priority, ack) -> new Publish(id, topic, payload, priority, ack, false));
    Arbitrary<Message> e2e = Combinators.combine(id(), topic(), text(40), Arbitraries.integers().between(0, 4))
        .as((id, topic, cipher, priority) -> new Publish(id, topic, cipher, priority, true, true));
    Arbitrary<Message> mentioning = Combinators.combine(id(), topic(), payload(), user().list().ofMinSize(1).ofMaxSize(16))
        .as((id, topic, payload, mentions) -> new Publish(id, topic, payload, 2, true, false, mentions));
    return Arbitraries.oneOf(plain, e2e, mentioning);
  }

  static Arbitrary<Message> deliver() {
    Arbitrary<String> sig = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.5);
    Arbitrary<String> origin = id().injectNull(0.7);
    Arbitrary<Deliver> plain = Combinators.combine(topic(), id(), seq(), id(), id(), Arbitraries.longs(), payload(), sig)
        .as((topic, epoch, seq, messageId, publisher, ts, payload, s) ->
            new Deliver(topic, epoch, seq, messageId, publisher, ts, payload, false, s))
        .flatMap(d -> origin.map(d::withOrigin));
    Arbitrary<Deliver> e2e = Combinators.combine(topic(), id(), seq(), id(), id(), Arbitraries.longs(), text(40))
        .as((topic, epoch, seq, messageId, publisher, ts, cipher) ->
            new Deliver(topic, epoch, seq, messageId, publisher, ts, cipher, true, null));
    return Arbitraries.oneOf(plain, e2e).map(d -> d);
  }

  static Arbitrary<Message> ready() {
    Arbitrary<Limits> limits = Combinators.combine(Arbitraries.integers().between(1, Integer.MAX_VALUE),
        Arbitraries.integers().between(1, 1000), Arbitraries.integers().between(1, 100_000),
        Arbitraries.integers().between(1, 100_000)).as(Limits::new);
    return Combinators.combine(id(), id(), id(), Arbitraries.longs().between(0, Long.MAX_VALUE),
        id().list().ofMaxSize(4), Arbitraries.longs().between(0, 600_000), limits, Arbitraries.of(Encoding.class))
        .as((conn, user, node, now, features, hb, l, enc) -> new Ready(conn, user, node, 1, now, features, hb, l, enc));
  }

  /** Random non-empty operations in normal form: retains and deletes (some near 2^31-1), inserts of any text. */
  static Arbitrary<TextOperation> operation() {
    Arbitrary<Integer> count = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1, 50)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 1 << 20)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(Integer.MAX_VALUE - 100, Integer.MAX_VALUE)));
    Arbitrary<String> insert = text(12).filter(s -> !s.isEmpty());
    Arbitrary<Object[]> step = Combinators.combine(Arbitraries.integers().between(0, 2), count, insert)
        .as((kind, n, text) -> new Object[] {kind, n, text});
    return step.list().ofMinSize(1).ofMaxSize(12).map(steps -> {
      TextOperation.Builder b = TextOperation.builder();
      long base = 0;
      long target = 0; // base and target lengths must stay within int, as the builder requires
      for (Object[] st : steps) {
        int kind = (Integer) st[0];
        int n = kind == 1 ? ((String) st[2]).codePointCount(0, ((String) st[2]).length()) : (Integer) st[1];
        long nextBase = kind == 1 ? base : base + n;
        long nextTarget = kind == 2 ? target : target + n;
        if (nextBase > Integer.MAX_VALUE || nextTarget > Integer.MAX_VALUE) {
          continue;
        }
        base = nextBase;
        target = nextTarget;
        switch (kind) {
          case 0 -> b.retain(n);
          case 1 -> b.insert((String) st[2]);
          default -> b.delete(n);
        }
      }
      TextOperation op = b.build();
      return op.components().isEmpty() ? TextOperation.builder().insert("x").build() : op;
    });
  }

  static Arbitrary<String> user() {
    return id();
  }

  static Arbitrary<Selection> selection() {
    return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as((a, b) -> new Selection(Math.min(a, b), Math.max(a, b)));
  }

  static Arbitrary<Integer> cursor() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE);
  }

  static Arbitrary<Message> collaborationClientMessage() {
    return Arbitraries.oneOf(
        Combinators.combine(id(), id(), documentPosition().injectNull(0.5)).as(Join::new),
        Combinators.combine(id(), id()).as(Leave::new),
        Combinators.combine(id(), id(), seq(), operation(), Arbitraries.of(false, true)).as(Edit::new),
        Combinators.combine(id(), cursor(), selection().injectNull(0.5)).as(Presence::new));
  }

  static Arbitrary<Message> inboxClientMessage() {
    return Combinators.combine(id(), id()).as(InboxAck::new);
  }

  static Arbitrary<Message> inboxServerMessage() {
    Arbitrary<String> reason = Arbitraries.of(InboxItem.DIRECT, InboxItem.MENTION, InboxItem.INVITATION);
    return Arbitraries.oneOf(
        Combinators.combine(id(), reason, deliver()).as((inboxId, r, d) -> new InboxItem(inboxId, r, (Deliver) d)),
        Combinators.combine(seq(), seq()).as(InboxEnd::new),
        Combinators.combine(id(), id(), seq()).as(InboxAcked::new));
  }

  static Arbitrary<Message> collaborationServerMessage() {
    Arbitrary<Participant> participant = Combinators.combine(user(), id()).as(Participant::new);
    return Arbitraries.oneOf(
        Combinators.combine(id(), id(), id().injectNull(0.3), text(40), seq(), participant.list().ofMaxSize(4),
            Arbitraries.of(false, true))
          .as((id, session, epoch, text, revision, who, resumed) ->
            new Joined(id, session, epoch, resumed ? null : text, revision, who, resumed)),
        Combinators.combine(id(), id()).as(Left::new),
        Combinators.combine(id(), id(), seq()).as(EditAck::new),
        Combinators.combine(id(), seq(), operation(), user(), id().injectNull(0.5)).as(RemoteEdit::new),
        Combinators.combine(id(), user(), id(), cursor(), selection().injectNull(0.5)).as(RemotePresence::new),
        Combinators.combine(id(), user(), id()).as(ParticipantJoined::new),
        Combinators.combine(id(), user(), id()).as(ParticipantLeft::new));
  }

  static Arbitrary<Message> clientMessage() {
    return Arbitraries.oneOf(subscribe(), publish(),
        Combinators.combine(id(), pattern()).as(Unsubscribe::new),
        Combinators.combine(topic(), id(), seq()).as(Resume::new),
        Arbitraries.longs().map(Ping::new),
        collaborationClientMessage(), inboxClientMessage());
  }

  static Arbitrary<Message> serverMessage() {
    return Arbitraries.oneOf(ready(), deliver(),
        Combinators.combine(id(), pattern(), position().injectNull(0.5)).as(Subscribed::new),
        Combinators.combine(id(), pattern()).as(Unsubscribed::new),
        Combinators.combine(id(), topic(), id(), seq(), Arbitraries.of(true, false)).as(Ack::new),
        Combinators.combine(topic(), position(), position(), Arbitraries.of(Gap.EPOCH_CHANGED, Gap.TRUNCATED))
            .as(Gap::new),
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Pong::new),
        Combinators.combine(Arbitraries.of("malformed", "missing_field", "rate_limited"), text(30),
            id().injectNull(0.5), id().injectNull(0.5), Arbitraries.of(true, false)).as(ErrorMessage::new),
        collaborationServerMessage(), inboxServerMessage());
  }

  static Arbitrary<Message> anyMessage() {
    Arbitrary<Message> clientBatch = clientMessage().list().ofMinSize(1).ofMaxSize(4).map(l -> new Batch(l));
    Arbitrary<Message> serverBatch = serverMessage().list().ofMinSize(1).ofMaxSize(4).map(l -> new Batch(l));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, clientMessage()), net.jqwik.api.Tuple.of(4, serverMessage()),
        net.jqwik.api.Tuple.of(1, clientBatch), net.jqwik.api.Tuple.of(1, serverBatch));
  }
}
